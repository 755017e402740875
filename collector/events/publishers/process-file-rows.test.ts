/**
 * process_file_events: the descriptor state machine on audit records in the kernel's format, and the audit publisher
 * against this kernel: a child Node process writes, renames and removes a file under a configured file_paths
 * directory, and the rows come back as osquery names them (open+truncate, write, rename, unlink). Needs root and
 * audit to itself; skips when another process owns audit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { parseAuditRecord, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import { FimTracker } from './process-file-rows.js';
import { AuditEventPublisher } from './socket.js';
import { contextWith, memorySink, startPublisherWhenAuditFree } from './testing.js';

const IDS = 'auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3';

function event(serial: number, lines: ReadonlyArray<readonly [number, string]>): AuditEvent {
  const records = lines
    .map(([type, text]) => parseAuditRecord(type, `audit(1765000000.100:${serial}): ${text}`))
    .filter((r): r is AuditRecord => r !== null);
  return { time: 1765000000.1, serial, records };
}

const syscall = (serial: number, nr: number, exit: number, args: string): AuditEvent =>
  event(serial, [
    [
      1300,
      `arch=c000003e syscall=${nr} success=yes exit=${exit} ${args} items=2 ppid=100 pid=200 ${IDS} comm="sh" exe="/usr/bin/dash" key="osprey-fim"`,
    ],
    [1307, `cwd="/etc"`],
    [
      1302,
      `item=0 name="/etc/" inode=2 dev=fd:01 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`,
    ],
    [
      1302,
      `item=1 name="motd" inode=99 dev=fd:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`,
    ],
  ]);

describe('FimTracker', () => {
  it('follows a descriptor from open to write, once, and forgets it on close', () => {
    const tracker = new FimTracker((p) => p === '/etc/motd', false);
    // openat(AT_FDCWD, "motd", O_WRONLY|O_CREAT|O_TRUNC) = 3, relative to the cwd /etc
    const open = tracker.handle(syscall(1, 257, 3, 'a0=ffffff9c a1=7ffc a2=241 a3=1b6'), 0);
    assert.equal(open?.operation, 'open+truncate');
    assert.equal(open?.path, '/etc/motd');
    assert.equal(open?.executable, '/usr/bin/dash');
    assert.equal(open?.uid, '1000');
    assert.equal(open?.partial, 'false');
    assert.equal(tracker.handle(syscall(2, 1, 5, 'a0=3 a1=55d0 a2=5 a3=0'), 0)?.operation, 'write');
    assert.equal(
      tracker.handle(syscall(3, 1, 5, 'a0=3 a1=55d0 a2=5 a3=0'), 0),
      null,
      'a second write changes no state',
    );
    assert.equal(tracker.handle(syscall(4, 3, 0, 'a0=3 a1=0 a2=0 a3=0'), 0), null);
    assert.equal(tracker.tracked, 0);
    assert.equal(
      tracker.handle(syscall(5, 1, 5, 'a0=3 a1=55d0 a2=5 a3=0'), 0),
      null,
      'a write on an unknown descriptor is partial',
    );
  });

  it('keeps only included paths, and shows plain opens and reads only with audit_fim_show_accesses', () => {
    const quiet = new FimTracker(() => false, false);
    assert.equal(quiet.handle(syscall(1, 257, 3, 'a0=ffffff9c a1=7ffc a2=241 a3=1b6'), 0), null);
    assert.equal(quiet.tracked, 0);
    const accesses = new FimTracker(() => true, true);
    assert.equal(accesses.handle(syscall(1, 257, 4, 'a0=ffffff9c a1=7ffc a2=0 a3=0'), 0)?.operation, 'open');
    assert.equal(accesses.handle(syscall(2, 0, 10, 'a0=4 a1=55d0 a2=10 a3=0'), 0)?.operation, 'read');
    assert.equal(
      new FimTracker(() => true, false).handle(syscall(1, 257, 4, 'a0=ffffff9c a1=7ffc a2=0 a3=0'), 0),
      null,
    );
  });
});

const CHILD = `
const fs = require('node:fs');
const dir = process.argv[1];
fs.writeFileSync(dir + '/a.txt', 'hello');
fs.renameSync(dir + '/a.txt', dir + '/b.txt');
fs.unlinkSync(dir + '/b.txt');`;

describe('AuditEventPublisher process_file_events', () => {
  it('records open+truncate, write, rename and unlink of a file under file_paths', async (t) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'osprey-fim-')));
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    const flags = {
      disable_audit: 'false',
      audit_allow_process_events: 'false',
      audit_allow_user_events: 'false',
      audit_allow_fim_events: 'true',
    };
    const ctx = { ...contextWith(sink, flags), config: () => ({ file_paths: { test: [`${dir}/%%`] } }) };
    try {
      const state = await startPublisherWhenAuditFree(publisher, ctx);
      if (state.state !== 'running') return t.skip(`audit is not available here: ${state.reason}`);
      const child = spawn(process.execPath, ['-e', CHILD, dir], { stdio: 'ignore' });
      await once(child, 'exit');
      const rows = (): Row[] => sink.of('process_file_events').filter((r) => r.pid === child.pid);
      const ops = (): string[] => rows().map((r) => String(r.operation));
      await waitFor('the four file rows of the child', () =>
        ['open+truncate', 'write', 'rename', 'unlink'].every((op) => ops().includes(op)),
      );
      const of = (op: string): Row | undefined => rows().find((r) => r.operation === op);
      assert.equal(of('open+truncate')?.path, `${dir}/a.txt`);
      assert.equal(of('write')?.path, `${dir}/a.txt`);
      assert.deepEqual([of('rename')?.path, of('rename')?.dest_path], [`${dir}/a.txt`, `${dir}/b.txt`]);
      assert.equal(of('unlink')?.path, `${dir}/b.txt`);
      assert.equal(of('write')?.executable, realpathSync(process.execPath));
      assert.equal(of('write')?.ppid, process.pid);
    } finally {
      await publisher.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
