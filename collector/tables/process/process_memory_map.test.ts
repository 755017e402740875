import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genProcessMemoryMap, parseMapsLine } from './process_memory_map.js';
import { startSleepChild, type TestChild } from './testing.js';

describe('process_memory_map', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
    // startSleepChild returns once the child sleeps in nanosleep: the loader has mapped everything by then.
  });
  after(async () => {
    await child.stop();
  });

  it('has one row per line of the child maps file, with the sleep binary and [stack] mapped', () => {
    const ctx = createQueryContext({
      table: 'process_memory_map',
      constraints: [{ column: 'pid', op: '=', value: child.pid }],
    });
    const rows = [...genProcessMemoryMap(ctx)];
    const lines = readFileSync(`/proc/${child.pid}/maps`, 'utf8').trim().split('\n');
    assert.equal(rows.length, lines.length);
    assert.ok(rows.some((r) => String(r.path).endsWith('/sleep') && Number(r.inode) > 0 && r.pseudo === 0));
    const stack = rows.find((r) => r.path === '[stack]');
    assert.equal(stack?.pseudo, 1);
    assert.match(String(stack?.permissions), /^rw/);
  });
});

describe('process_memory_map of a large process', () => {
  it('reads all of a maps file longer than one page', () => {
    const ctx = createQueryContext({
      table: 'process_memory_map',
      constraints: [{ column: 'pid', op: '=', value: process.pid }],
    });
    const rows = [...genProcessMemoryMap(ctx)];
    const lines = readFileSync('/proc/self/maps', 'utf8').trim().split('\n').length;
    assert.ok(readFileSync('/proc/self/maps').length > 8192);
    // The heap may gain or drop a mapping between the two reads.
    assert.ok(Math.abs(rows.length - lines) <= 8, `${rows.length} rows for ${lines} lines`);
  });
});

describe('parseMapsLine', () => {
  it('keeps 0x addresses, decodes the hex offset and keeps paths with spaces', () => {
    const row = parseMapsLine(7, '7f00a000-7f00b000 r-xp 0001f000 fd:01 1234   /opt/my app/lib.so');
    assert.deepEqual(row, {
      pid: 7,
      start: '0x7f00a000',
      end: '0x7f00b000',
      permissions: 'r-xp',
      offset: 0x1f000,
      device: 'fd:01',
      inode: 1234,
      path: '/opt/my app/lib.so',
      pseudo: 0,
    });
    assert.equal(parseMapsLine(7, '7f00a000-7f00b000 rw-p 00000000 00:00 0')?.path, '');
    assert.equal(parseMapsLine(7, 'not a maps line'), null);
  });
});
