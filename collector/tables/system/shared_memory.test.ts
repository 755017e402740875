import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genSharedMemory, parseSegment } from './shared_memory.js';

describe('shared_memory', () => {
  it('lists a segment made with ipcmk, with its size, creator and permissions', (t) => {
    // ipcmk (util-linux) creates a System V segment and prints its id; ipcrm removes it.
    const out = execFileSync('ipcmk', ['-M', '8192', '-p', '0640'], { encoding: 'utf8' });
    const shmid = Number(/(\d+)\s*$/.exec(out.trim())?.[1]);
    t.after(() => execFileSync('ipcrm', ['-m', String(shmid)]));
    const skipped: string[] = [];
    const rows = genSharedMemory(
      createQueryContext({ table: 'shared_memory', errors: { skip: (r) => skipped.push(r) } }),
    );
    const row = rows.find((r) => r.shmid === shmid);
    assert.ok(row, `segment ${shmid} listed`);
    assert.equal(row.size, 8192);
    assert.equal(row.permissions, '0640');
    assert.equal(row.owner_uid, process.getuid?.());
    assert.equal(row.attached, 0);
    assert.equal(row.status, '');
    assert.equal(row.locked, 0);
    assert.deepEqual(skipped, []);
  });

  it('reads the SHM_DEST and SHM_LOCKED bits of the kernel mode', () => {
    const line =
      '         0          7  3600                  4096  100  200      1     0     0     0     0 1700000000          0 1700000000                     0                     0';
    const row = parseSegment(line);
    assert.deepEqual(
      [row?.shmid, row?.permissions, row?.status, row?.locked, row?.creator_pid, row?.pid, row?.attached],
      [7, '3600', 'dest', 1, 100, 200, 1],
    );
    assert.equal(parseSegment('garbage line'), null);
  });
});
