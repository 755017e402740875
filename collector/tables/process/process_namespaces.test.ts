import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genProcessNamespaces, namespaceInode } from './process_namespaces.js';
import { startSleepChild, type TestChild } from './testing.js';

describe('process_namespaces', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
  });
  after(async () => {
    await child.stop();
  });

  it('gives each namespace inode exactly as /proc/<pid>/ns links name it', () => {
    const ctx = createQueryContext({
      table: 'process_namespaces',
      constraints: [{ column: 'pid', op: '=', value: child.pid }],
    });
    const rows = genProcessNamespaces(ctx);
    assert.equal(rows.length, 1);
    for (const kind of ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts']) {
      const link = readlinkSync(`/proc/${child.pid}/ns/${kind}`);
      assert.equal(`${kind}:[${String(rows[0]?.[`${kind}_namespace`])}]`, link);
    }
  });

  it('a child shares its parent namespaces; a pid that does not exist has no row', () => {
    const ctx = createQueryContext({
      table: 'process_namespaces',
      constraints: [process.pid, child.pid, 0x3fffffff].map((value) => ({ column: 'pid', op: '=' as const, value })),
    });
    const rows = genProcessNamespaces(ctx);
    assert.deepEqual(rows.map((r) => r.pid).sort(), [process.pid, child.pid].sort());
    assert.equal(rows[0]?.net_namespace, rows[1]?.net_namespace);
  });

  it('parses only well-formed links', () => {
    assert.equal(namespaceInode('net:[4026531840]'), '4026531840');
    assert.equal(namespaceInode('pid_for_children:[4026531836]'), '4026531836');
    assert.equal(namespaceInode('garbage'), '');
  });
});
