import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitFor } from '../../../test/helpers/wait.js';
import { createQueryContext } from '../../engine/context.js';
import { namespaceRoots } from './namespace.js';
import { bootTime, integerEquals, listPids, pageSize, parseStat } from './proc.js';
import {
  parseColonLines,
  readLinkOrEmpty,
  readSingleShotText,
  readText,
  readTextIfExists,
  splitLines,
} from './read.js';

describe('lib/read', () => {
  it('reads size-0 /proc files completely and files larger than the shared buffer', () => {
    for (const path of ['/proc/self/cmdline', '/proc/self/environ', '/proc/version']) {
      assert.equal(readText(path), readFileSync(path, 'utf8'), path);
    }
    const dir = mkdtempSync(join(tmpdir(), 'osprey-read-'));
    try {
      const big = 'x'.repeat(300_000);
      writeFileSync(join(dir, 'big'), big);
      assert.equal(readText(join(dir, 'big')), big);
      assert.equal(readTextIfExists(join(dir, 'absent')), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads multi-record /proc files past their one-page chunks', () => {
    const smaps = readText('/proc/self/smaps');
    assert.ok(smaps.length > 16_384, `read ${smaps.length} bytes`);
    assert.ok(smaps.endsWith('\n'));
    assert.match(smaps.slice(-200), /VmFlags:/);
  });

  it('reads a long cmdline completely in single-shot mode', async () => {
    const long = 'a'.repeat(20_000);
    const child = spawn('sh', ['-c', 'sleep 30; :', 'osprey-test', long], { stdio: 'ignore' });
    try {
      const path = `/proc/${child.pid}/cmdline`;
      await waitFor('the child to exec sh with the long argument', () => readFileSync(path, 'utf8').includes(long));
      assert.equal(readSingleShotText(path), readFileSync(path, 'utf8'));
      assert.ok(readSingleShotText(path).includes(long));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('returns an empty link target when a link cannot be read', () => {
    assert.equal(readLinkOrEmpty('/proc/self/nonexistent'), '');
    assert.equal(readLinkOrEmpty('/proc/self/cwd'), process.cwd());
  });

  it('splits lines and colon maps', () => {
    assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
    assert.deepEqual(
      [...parseColonLines('Name:\tnode\nVmRSS:\t 10 kB\nnoise\n')],
      [
        ['Name', 'node'],
        ['VmRSS', '10 kB'],
      ],
    );
  });
});

describe('lib/proc', () => {
  it('parses stat lines whose command holds spaces and parentheses', () => {
    const stat = parseStat('42 (my (odd) cmd) S 1 42 42 0 -1 4194560 1 0 0 0 5 6 0 0 20 0 1 0 777 0 0');
    assert.equal(stat?.comm, 'my (odd) cmd');
    assert.deepEqual([stat?.fields[0], stat?.fields[1], stat?.fields[19]], ['S', '1', '777']);
    assert.equal(parseStat('42 (short) S 1'), null);
  });

  it('lists this process and reads system constants once', () => {
    assert.ok(listPids().includes(process.pid));
    assert.ok(bootTime() > 1_000_000_000 && bootTime() <= Date.now() / 1000);
    assert.ok([4096, 16384, 65536].includes(pageSize()));
  });

  it('keeps integer = values and drops the rest', () => {
    const ctx = createQueryContext({
      table: 't',
      constraints: [
        { column: 'pid', op: '=', value: 3 },
        { column: 'pid', op: '=', value: '4' },
        { column: 'pid', op: '=', value: 'x' },
        { column: 'pid', op: '>', value: 9 },
      ],
    });
    assert.deepEqual(integerEquals(ctx, 'pid'), [3, 4]);
    assert.equal(integerEquals(ctx, 'uid'), null);
  });
});

describe('lib/namespace', () => {
  it('maps pid_with_namespace to /proc/<pid>/root and ignores pids that do not exist', () => {
    const ctx = (value: number) =>
      createQueryContext({ table: 't', constraints: [{ column: 'pid_with_namespace', op: '=', value }] });
    assert.deepEqual(namespaceRoots(createQueryContext({ table: 't' })), [{ pidWithNamespace: 0, root: '' }]);
    assert.deepEqual(namespaceRoots(ctx(process.pid)), [
      { pidWithNamespace: process.pid, root: `/proc/${process.pid}/root` },
    ]);
    assert.deepEqual(namespaceRoots(ctx(2 ** 30)), []);
  });
});

describe('readText after a large file', () => {
  it('still reads /proc/sys files once a file of several MiB has grown the shared buffer', (t) => {
    if (!existsSync('/proc/sys/kernel/ostype')) return t.skip('no /proc/sys');
    const dir = mkdtempSync(join(tmpdir(), 'osprey-read-'));
    try {
      const big = join(dir, 'big.list');
      writeFileSync(big, 'x'.repeat(6 * 1024 * 1024));
      assert.equal(readText(big).length, 6 * 1024 * 1024);
      // Without a bounded read size the kernel answers ENOMEM for a count of 8 MiB here.
      assert.equal(readText('/proc/sys/kernel/ostype').trim(), 'Linux');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
