/**
 * The audit publisher's single-record tables against this kernel: a USER_CMD message sent over NETLINK_AUDIT comes
 * back as a user_events row, and a seccomp filter's LOG action (installed by a python3 child with prctl) comes back
 * as a seccomp_events row. Both need root and audit to themselves; they skip when another process owns audit.
 * (SELinux and AppArmor records need an LSM this machine does not run: see collector/tables/events/
 * audit_record_events.test.ts for their real record text.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { AuditSocket } from '../kernel/audit.js';
import { AuditEventPublisher } from './socket.js';
import { contextWith, memorySink, startPublisherWhenAuditFree } from './testing.js';

const FLAGS = { disable_audit: 'false', audit_allow_process_events: 'false', audit_allow_seccomp_events: 'true' };
const AUDIT_USER_CMD = 1123;

/** A python3 child that logs getppid() through a seccomp filter (SECCOMP_RET_LOG, x86_64 only) and prints its pid. */
const SECCOMP_LOG_GETPPID = `
import ctypes, os, struct
libc = ctypes.CDLL(None, use_errno=True)
ins = [(0x20,0,0,4),(0x15,0,3,0xc000003e),(0x20,0,0,0),(0x15,0,1,110),(0x06,0,0,0x7ffc0000),(0x06,0,0,0x7fff0000)]
raw = b''.join(struct.pack('HBBI', *i) for i in ins)
buf = ctypes.create_string_buffer(raw, len(raw))
class Prog(ctypes.Structure):
    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]
prog = Prog(len(ins), ctypes.cast(buf, ctypes.c_void_p))
assert libc.prctl(38, 1, 0, 0, 0) == 0
assert libc.prctl(22, 2, ctypes.byref(prog), 0, 0) == 0
os.getppid()
print(os.getpid(), flush=True)
`;

async function pythonSeccompChild(): Promise<number | undefined> {
  const child = spawn('python3', ['-c', SECCOMP_LOG_GETPPID], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'close').catch(() => [1])) as [number | null];
  return code === 0 ? Number(out.trim()) : undefined;
}

async function startOrSkip(
  t: TestContext,
  publisher: AuditEventPublisher,
  sink: ReturnType<typeof memorySink>,
): Promise<boolean> {
  const state = await startPublisherWhenAuditFree(publisher, contextWith(sink, FLAGS));
  if (state.state === 'running') return true;
  t.skip(`audit is not available here: ${state.state === 'disabled' || state.state === 'failed' ? state.reason : ''}`);
  return false;
}

describe('AuditEventPublisher single-record tables', () => {
  it('records a USER_CMD message as a user_events row', async (t) => {
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    try {
      if (!(await startOrSkip(t, publisher, sink))) return;
      assert.equal(publisher.subscriptionsOf('user_events'), 1, 'user_events is on by default, as in osquery');
      const marker = `op=osprey-live-${process.pid}-${Date.now()}`;
      const sender = AuditSocket.open();
      try {
        sender.userMessage(
          AUDIT_USER_CMD,
          `${marker} acct="root" exe="/usr/bin/node" hostname=? addr=127.0.0.1 terminal=pts/9 res=success`,
        );
      } finally {
        sender.close();
      }
      const row = (): Row | undefined => sink.of('user_events').find((r) => r.message === marker);
      await waitFor('the user_events row of the message', () => row() !== undefined);
      const loginuid = Number(readFileSync('/proc/self/loginuid', 'utf8'));
      assert.deepEqual(
        { ...row(), time: undefined, uptime: undefined },
        {
          uid: process.getuid?.(),
          auid: loginuid,
          pid: process.pid,
          message: marker,
          type: AUDIT_USER_CMD,
          path: '/usr/bin/node',
          address: '127.0.0.1',
          terminal: 'pts/9',
          time: undefined,
          uptime: undefined,
        },
      );
      assert.ok(Math.abs(Number(row()?.time) - Date.now() / 1000) < 60);
    } finally {
      await publisher.stop();
    }
  });

  it('records a seccomp LOG action as a seccomp_events row', async (t) => {
    if (process.arch !== 'x64') return t.skip('the filter is written for x86_64');
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    try {
      if (!(await startOrSkip(t, publisher, sink))) return;
      const pid = await pythonSeccompChild();
      if (pid === undefined) return t.skip('python3 could not install the seccomp filter');
      const row = (): Row | undefined => sink.of('seccomp_events').find((r) => r.pid === pid);
      await waitFor('the seccomp_events row of getppid', () => row() !== undefined);
      const got = row();
      assert.equal(got?.syscall, 'getppid');
      assert.equal(got?.arch, 'X86_64');
      assert.equal(got?.code, 'LOG');
      assert.equal(got?.uid, process.getuid?.());
      assert.match(String(got?.comm), /^python/);
      assert.match(String(got?.ip), /^0x[0-9a-f]+$/);
    } finally {
      await publisher.stop();
    }
  });
});
