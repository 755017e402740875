import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { AuditSocket } from '../kernel/audit.js';
import { AuditEventPublisher, processRule } from './socket.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { contextWith, memorySink, startInChild, startPublisherWhenAuditFree, startWhenAuditFree } from './testing.js';

/** socket_events only: process_events from audit (osquery's default with audit on) have their own test below. */
const ENABLED = {
  disable_audit: 'false',
  audit_allow_sockets: 'true',
  audit_allow_process_events: 'false',
  audit_allow_user_events: 'false',
};
/** process_events from audit with fork rows; socket_events off (--audit_allow_sockets defaults to false). */
const PROCESSES = { disable_audit: 'false', audit_allow_fork_process_events: 'true', audit_allow_user_events: 'false' };

/** A child Node process that listens on loopback, connects to itself once, and reports the ports. */
async function loopbackPair(): Promise<{ pid: number; port: number }> {
  const code = `
    const net = require('node:net');
    const server = net.createServer((s) => s.end());
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      const c = net.connect(port, '127.0.0.1', () => {
        c.on('close', () => { server.close(); process.stdout.write(JSON.stringify({ port }) + '\\n'); });
        c.end();
      });
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await once(child, 'exit');
  const { port } = JSON.parse(out) as { port: number };
  return { pid: child.pid ?? -1, port };
}

/**
 * A child Node process (forked after audit was enabled, so its calls are audited) that runs `/bin/sleep 0.2` in
 * `cwd` and reports both pids.
 */
async function sleepFromChild(cwd: string): Promise<{ node: number; sleep: number }> {
  const code = `
    const c = require('node:child_process').spawn('/bin/sleep', ['0.2'], { stdio: 'ignore' });
    c.on('exit', () => process.stdout.write(JSON.stringify({ sleep: c.pid }) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await once(child, 'exit');
  const { sleep } = JSON.parse(out) as { sleep: number };
  return { node: child.pid ?? -1, sleep };
}

describe('AuditEventPublisher', () => {
  it('records bind, connect and accept of loopback sockets, and hands audit back on stop', async () => {
    const control = AuditSocket.open();
    const before = control.status();
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    try {
      const state = await startPublisherWhenAuditFree(publisher, contextWith(sink, ENABLED));
      assert.deepEqual(state, { state: 'running', subscriptions: 1 });
      assert.equal(control.status().pid, process.pid, 'this process is the audit daemon');
      const { pid, port } = await loopbackPair();
      const rows = (): Row[] => sink.of('socket_events').filter((r) => r.pid === pid);
      await waitFor('bind, connect and accept rows', () =>
        ['bind', 'connect', 'accept'].every((a) => rows().some((r) => r.action === a)),
      );
      const node = realpathSync(process.execPath);
      // listen(0) binds port 0 (the kernel picks the port afterwards): the row shows what bind() was passed.
      const bind = rows().find((r) => r.action === 'bind' && r.local_address === '127.0.0.1');
      assert.ok(bind, 'a bind row for 127.0.0.1');
      assert.equal(bind.local_port, 0);
      assert.equal(bind.family, 2);
      assert.equal(bind.path, node);
      assert.equal(bind.status, 'succeeded');
      const connect = rows().find((r) => r.action === 'connect' && r.remote_port === port);
      assert.ok(connect, `a connect row to port ${port}`);
      assert.equal(connect.remote_address, '127.0.0.1');
      assert.ok(['in_progress', 'succeeded'].includes(String(connect.status)));
      assert.match(String(connect.fd), /^\d+$/);
      const accept = rows().find((r) => r.action === 'accept');
      assert.equal(accept?.status, 'succeeded');
      assert.ok(Number(accept.time) > 1_600_000_000);
    } finally {
      await publisher.stop();
    }
    const after = control.status();
    control.close();
    assert.equal(after.pid, 0, 'audit has no daemon after stop');
    assert.equal(after.enabled, before.enabled, 'audit is enabled as it was before');
  });

  it('is disabled unless --disable_audit=false and --audit_allow_sockets=true', async () => {
    const publisher = new AuditEventPublisher();
    assert.deepEqual(await publisher.start(contextWith(memorySink())), {
      state: 'disabled',
      reason: '--disable_audit is true',
    });
    const neither = { disable_audit: 'false', audit_allow_process_events: 'false', audit_allow_user_events: 'false' };
    assert.deepEqual(await publisher.start(contextWith(memorySink(), neither)), {
      state: 'disabled',
      reason:
        'no audit subscriber is enabled (--audit_allow_sockets, --audit_allow_process_events, --audit_allow_fim_events, --audit_allow_user_events and the selinux, apparmor and seccomp ones are false)',
    });
    assert.deepEqual(publisher.tables, [
      'socket_events',
      'process_file_events',
      'user_events',
      'selinux_events',
      'apparmor_events',
      'seccomp_events',
    ]);
  });

  it('records execve and fork of processes as process_events, and removes exactly its rules on stop', async () => {
    const control = AuditSocket.open();
    const before = control.status();
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    const dir = mkdtempSync(join(tmpdir(), 'osprey-audit-exec-'));
    try {
      const state = await startPublisherWhenAuditFree(publisher, contextWith(sink, PROCESSES));
      assert.deepEqual(state, { state: 'running', subscriptions: 1 });
      assert.deepEqual(publisher.tables, [
        'socket_events',
        'process_events',
        'process_file_events',
        'user_events',
        'selinux_events',
        'apparmor_events',
        'seccomp_events',
      ]);
      assert.equal(publisher.subscriptionsOf('process_events'), 1);
      assert.equal(publisher.subscriptionsOf('socket_events'), 0);
      const { node, sleep } = await sleepFromChild(dir);
      const rows = (): Row[] => sink.of('process_events').filter((r) => r.pid === sleep);
      const exec = (): Row | undefined => rows().find((r) => r.syscall === 'execve');
      const fork = (): Row | undefined => rows().find((r) => ['fork', 'vfork', 'clone'].includes(String(r.syscall)));
      await waitFor('the execve and fork rows of sleep', () => exec() !== undefined && fork() !== undefined);
      const row = exec();
      assert.ok(row);
      assert.ok(['/usr/bin/sleep', '/bin/sleep'].includes(String(row.path)), `path: ${String(row.path)}`);
      assert.equal(row.cmdline, '/bin/sleep 0.2');
      assert.equal(row.cmdline_size, 14);
      assert.equal(row.cwd, realpathSync(dir));
      assert.equal(row.parent, node);
      assert.equal(row.uid, process.getuid?.());
      assert.equal(row.egid, process.getegid?.());
      assert.match(String(row.mode), /^0100[0-7]{3,4}$/);
      assert.ok(Number(row.time) > 1_600_000_000);
      assert.equal(fork()?.parent, node, 'the fork row names the child by pid and the forking node as parent');
      assert.equal(sink.of('socket_events').length, 0);
    } finally {
      await publisher.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const rule = processRule(true);
    assert.ok(rule);
    assert.throws(() => control.deleteRule(rule), /ENOENT/, 'stop() deleted the process rule');
    const after = control.status();
    control.close();
    assert.equal(after.pid, 0, 'audit has no daemon after stop');
    assert.equal(after.enabled, before.enabled, 'audit is enabled as it was before');
  });

  it('is disabled, naming the owner, while another process holds audit', async () => {
    const url = new URL('./socket.js', import.meta.url).href;
    const holder = await startWhenAuditFree(
      () => startInChild(url, 'AuditEventPublisher', ENABLED),
      (child) => child.state,
      (child) => child.stop(),
    );
    try {
      assert.deepEqual(holder.state, { state: 'running', subscriptions: 1 });
      const publisher = new AuditEventPublisher();
      const state = await publisher.start(contextWith(memorySink(), ENABLED));
      await publisher.stop();
      assert.equal(state.state, 'disabled');
      assert.match(
        state.state === 'disabled' ? state.reason : '',
        new RegExp(`^NETLINK_AUDIT: audit is owned by pid ${holder.pid} \\(node\\)$`),
      );
    } finally {
      await holder.stop();
    }
  });

  it('is disabled with the kernel answer without privilege', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to drop to nobody');
      return;
    }
    const url = new URL('./socket.js', import.meta.url).href;
    const child = await startInChild(url, 'AuditEventPublisher', ENABLED, { uid: 65534, gid: 65534 });
    await child.stop();
    assert.deepEqual(child.state, {
      state: 'disabled',
      reason: 'NETLINK_AUDIT: AUDIT_GET: request type 1000: Operation not permitted (EPERM)',
    });
  });
});
