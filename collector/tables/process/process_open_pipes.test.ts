import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { genProcessOpenPipes, pairPipeEnds } from './process_open_pipes.js';

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('process_open_pipes', () => {
  it('pairs the write end of a shell pipeline with its read end', async (t) => {
    // Node's own stdio pipes are socketpairs, so a shell makes a real pipe: `sleep`'s fd 1 writes, the second
    // `sleep`'s fd 0 reads.
    const shell = spawn('sh', ['-c', 'sleep 3600 | sleep 3600'], { stdio: 'ignore' });
    t.after(() => {
      shell.kill('SIGKILL');
      for (const pid of childrenOf(shell.pid ?? -1)) process.kill(pid, 'SIGKILL');
    });
    const kids = await waitFor('both sides of the pipeline', () => {
      const found = childrenOf(shell.pid ?? -1);
      return (
        found.length === 2 &&
        found.every((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep') &&
        found
      );
    });
    const rows = genProcessOpenPipes(createQueryContext({ table: 'process_open_pipes' }));
    const writer = rows.find((r) => kids.includes(Number(r.pid)) && r.fd === 1 && kids.includes(Number(r.partner_pid)));
    assert.ok(writer, `a writer among ${kids.join(', ')}`);
    assert.deepEqual([writer.mode, writer.partner_fd, writer.partner_mode, writer.type], ['w', 0, 'r', 'anonymous']);
    const reader = rows.find((r) => r.pid === writer.partner_pid && r.fd === 0);
    assert.deepEqual([reader?.inode, reader?.partner_pid, reader?.partner_fd], [writer.inode, writer.pid, 1]);
  });

  it('gives an unconnected end one row, and skips same-mode ends', () => {
    const rows = pairPipeEnds([
      { pid: 1, fd: 3, mode: 'r', inode: 10, type: 'anonymous' },
      { pid: 2, fd: 4, mode: 'r', inode: 11, type: 'named' },
      { pid: 3, fd: 5, mode: 'r', inode: 11, type: 'named' },
      { pid: 4, fd: 6, mode: 'w', inode: 11, type: 'named' },
    ]);
    assert.deepEqual(rows[0], { pid: 1, fd: 3, mode: 'r', inode: 10, type: 'anonymous' });
    assert.deepEqual(
      rows.slice(1).map((r) => `${String(r.pid)}->${String(r.partner_pid)}`),
      ['2->4', '3->4', '4->2', '4->3'],
    );
  });
});
