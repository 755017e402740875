import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genProcessOpenFiles } from './process_open_files.js';
import { startSleepChild, type TestChild } from './testing.js';

describe('process_open_files', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
  });
  after(async () => {
    await child.stop();
  });

  it('shows the file the child has open on fd 1 and every file descriptor, but no pipes or sockets', () => {
    const ctx = createQueryContext({
      table: 'process_open_files',
      constraints: [{ column: 'pid', op: '=', value: child.pid }],
    });
    const rows = [...genProcessOpenFiles(ctx)];
    assert.ok(rows.some((r) => r.fd === 1 && r.path === child.openFile));
    const fds = readdirSync(`/proc/${child.pid}/fd`)
      .filter((fd) => !/^(socket|pipe|anon_inode):/.test(readlinkSync(`/proc/${child.pid}/fd/${fd}`)))
      .map(Number)
      .sort((a, b) => a - b);
    assert.deepEqual(
      rows.map((r) => r.fd).sort((a, b) => Number(a) - Number(b)),
      fds,
    );
  });

  it('leaves out this process pipes and sockets', () => {
    const ctx = createQueryContext({
      table: 'process_open_files',
      constraints: [{ column: 'pid', op: '=', value: process.pid }],
    });
    const paths = [...genProcessOpenFiles(ctx)].map((r) => String(r.path));
    assert.ok(paths.length > 0);
    assert.deepEqual(
      paths.filter((p) => /^(socket|pipe|anon_inode):/.test(p)),
      [],
    );
  });
});
