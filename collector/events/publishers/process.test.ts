import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import {
  connectorDisabledReason,
  execPathState,
  ProcConnectorPublisher,
  processRow,
  unixSecondsOf,
} from './process.js';
import { contextWith, memorySink, startInChild, waitFor } from './testing.js';

async function run(file: string, args: string[]): Promise<number> {
  const child = spawn(file, args, { stdio: 'ignore' });
  const pid = child.pid;
  await once(child, 'exit');
  if (pid === undefined) throw new Error(`${file} did not start`);
  return pid;
}

/** Fork rows (osquery's --audit_allow_fork_process_events) and exit rows (Osprey's --process_events_exit) on. */
const LIFECYCLE = { audit_allow_fork_process_events: 'true', process_events_exit: 'true' };

describe('ProcConnectorPublisher', () => {
  it('records exec, fork and exit of processes with path, cmdline, ids and parent', async () => {
    const sink = memorySink();
    const publisher = new ProcConnectorPublisher();
    const state = await publisher.start(contextWith(sink, LIFECYCLE));
    assert.equal(state.state, 'running');
    try {
      // sleep lives long enough that its /proc entries are certainly read, however loaded the machine is.
      const pids: number[] = [];
      for (let i = 0; i < 5; i++) pids.push(await run('/bin/sleep', ['0.2']));
      const rows = (): Row[] => sink.rows.get('process_events') ?? [];
      const rowOf = (pid: number, syscall: string): Row | undefined =>
        rows().find((r) => r.pid === pid && r.syscall === syscall);
      await waitFor(() => pids.every((pid) => rowOf(pid, 'exit') !== undefined), 'exit rows of all 5 processes');
      for (const pid of pids) {
        const exec = rowOf(pid, 'execve');
        assert.ok(exec, `an execve row for pid ${pid}`);
        assert.ok(['/usr/bin/sleep', '/bin/sleep'].includes(String(exec.path)), `path of ${pid}: ${String(exec.path)}`);
        assert.equal(exec.cmdline, '/bin/sleep 0.2');
        assert.equal(exec.parent, process.pid);
        assert.equal(exec.uid, process.getuid?.());
        assert.equal(exec.egid, process.getegid?.());
        assert.equal(exec.cwd, process.cwd());
        assert.match(String(exec.mode), /^0[0-7]{3,4}$/);
        assert.ok(Math.abs(Number(exec.time) - Date.now() / 1000) < 600, 'time is UNIX seconds');
        const fork = rowOf(pid, 'fork');
        assert.equal(fork?.parent, process.pid);
        assert.equal(fork.path, process.execPath, 'a fork child runs its parent image');
        assert.equal(rowOf(pid, 'exit')?.path, exec.path, 'the exit row names what the pid ran');
      }
    } finally {
      await publisher.stop();
    }
  });

  it('gives every short-lived /bin/true run a row with its exact path; cmdline exact when /proc still had it', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('the path of an exited process needs fanotify (CAP_SYS_ADMIN)');
    const sink = memorySink();
    const publisher = new ProcConnectorPublisher();
    const state = await publisher.start(contextWith(sink));
    assert.equal(state.state === 'running' ? state.subscriptions : 0, 2, 'proc connector and fanotify');
    try {
      const pids: number[] = [];
      for (let i = 0; i < 20; i++) pids.push(await run('/bin/true', ['osprey-test', String(i)]));
      const execOf = (pid: number): Row | undefined =>
        (sink.rows.get('process_events') ?? []).find((r) => r.pid === pid && r.syscall === 'execve');
      await waitFor(() => pids.every((pid) => execOf(pid) !== undefined), 'execve rows of all 20 processes');
      pids.forEach((pid, i) => {
        const exec = execOf(pid);
        assert.equal(exec?.parent, process.pid);
        assert.equal(exec?.path, realpathSync('/bin/true'), `path of ${pid}`);
        // Only /proc has the command line, and it empties when the process exits (the bench measures how often).
        assert.ok(
          ['', `/bin/true osprey-test ${i}`].includes(String(exec?.cmdline)),
          `cmdline of ${pid}: ${String(exec?.cmdline)}`,
        );
      });
    } finally {
      await publisher.stop();
    }
  });

  it('says in its status where exec paths come from', () => {
    assert.deepEqual(execPathState({ source: 'fanotify', filesystems: 3, failures: [] }), {
      subscriptions: 2,
      detail: 'exec paths from fanotify FAN_OPEN_EXEC on 3 filesystems',
    });
    assert.deepEqual(
      execPathState({ source: 'proc', reason: 'FANOTIFY: fanotify_init: Operation not permitted (EPERM)' }),
      {
        subscriptions: 1,
        detail:
          'exec paths from /proc only, short-lived processes may have none: FANOTIFY: fanotify_init: Operation not permitted (EPERM)',
      },
    );
  });

  it("keeps execve rows only by default, as osquery's process_events", async () => {
    const sink = memorySink();
    const publisher = new ProcConnectorPublisher();
    await publisher.start(contextWith(sink));
    const witness = memorySink();
    const other = new ProcConnectorPublisher();
    await other.start(contextWith(witness, LIFECYCLE));
    try {
      const pid = await run('/bin/sleep', ['0.1']);
      await waitFor(
        () => (witness.rows.get('process_events') ?? []).some((r) => r.pid === pid && r.syscall === 'exit'),
        'witness',
      );
      await waitFor(() => (sink.rows.get('process_events') ?? []).some((r) => r.pid === pid), 'the execve row');
      const syscalls = (sink.rows.get('process_events') ?? []).filter((r) => r.pid === pid).map((r) => r.syscall);
      assert.deepEqual(syscalls, ['execve']);
    } finally {
      await other.stop();
      await publisher.stop();
    }
  });

  it('stops delivering after stop()', async () => {
    const sink = memorySink();
    const publisher = new ProcConnectorPublisher();
    await publisher.start(contextWith(sink));
    await publisher.stop();
    const before = (sink.rows.get('process_events') ?? []).length;
    const pid = await run('/bin/true', []);
    // A second publisher proves the exec was published by the kernel by now.
    const witness = memorySink();
    const other = new ProcConnectorPublisher();
    await other.start(contextWith(witness, LIFECYCLE));
    try {
      const pid2 = await run('/bin/true', []);
      await waitFor(
        () => (witness.rows.get('process_events') ?? []).some((r) => r.pid === pid2 && r.syscall === 'exit'),
        'witness',
      );
      const rows = sink.rows.get('process_events') ?? [];
      assert.equal(rows.length, before);
      assert.ok(!rows.some((r) => r.pid === pid));
    } finally {
      await other.stop();
    }
  });

  it('is disabled by --audit_allow_process_events=false and by --disable_events', async () => {
    const publisher = new ProcConnectorPublisher();
    assert.deepEqual(await publisher.start(contextWith(memorySink(), { audit_allow_process_events: 'false' })), {
      state: 'disabled',
      reason: '--audit_allow_process_events is false',
    });
    assert.equal((await publisher.start(contextWith(memorySink(), { disable_events: 'true' }))).state, 'disabled');
  });

  it('steps aside when audit provides process_events (--disable_audit=false, --audit_allow_process_events)', async () => {
    const aside = { state: 'disabled', reason: 'process_events come from audit (--disable_audit=false)' };
    const publisher = new ProcConnectorPublisher();
    assert.deepEqual(
      await publisher.start(contextWith(memorySink(), { disable_audit: 'false' })),
      aside,
      'osquery default: allowed',
    );
    const both = { disable_audit: 'false', audit_allow_process_events: 'true' };
    assert.deepEqual(await publisher.start(contextWith(memorySink(), both)), aside);
    const sink = memorySink();
    const state = await publisher.start(
      contextWith(sink, { disable_audit: 'true', audit_allow_process_events: 'true' }),
    );
    try {
      assert.equal(state.state, 'running', 'with audit disabled the proc connector runs');
    } finally {
      await publisher.stop();
    }
  });

  it('reports disabled with the kernel answer when the process lacks the privilege to join the connector', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to drop to nobody');
      return;
    }
    const child = await startInChild(
      new URL('./process.js', import.meta.url).href,
      'ProcConnectorPublisher',
      {},
      {
        uid: 65534,
        gid: 65534,
      },
    );
    await child.stop();
    assert.deepEqual(child.state, {
      state: 'disabled',
      reason: 'NETLINK_CONNECTOR: bind: Operation not permitted (EPERM)',
    });
  });

  it('formats disabled reasons and builds rows for a process that had already vanished', () => {
    assert.equal(
      connectorDisabledReason(new Error('bind: Operation not permitted (EPERM)')),
      'NETLINK_CONNECTOR: bind: Operation not permitted (EPERM)',
    );
    assert.equal(connectorDisabledReason(new Error('NETLINK_CONNECTOR: socket: x')), 'NETLINK_CONNECTOR: socket: x');
    const row = processRow({ what: 'exec', pid: 42, tgid: 42, ppid: -1, ptgid: -1, exitCode: 0, time: 5e9 }, undefined);
    assert.equal(row.pid, 42);
    assert.equal(row.path, '');
    assert.equal(row.cmdline, '');
    assert.equal(row.parent, -1);
    assert.equal(row.uptime, 5);
    assert.equal(row.syscall, 'execve');
    assert.equal(unixSecondsOf(1e9, 10_000, 3e9), 8);
  });
});
