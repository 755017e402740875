import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { AuditSocket } from '../kernel/audit.js';
import { AuditEventPublisher } from './socket.js';
import { contextWith, memorySink, startInChild, waitFor } from './testing.js';

const ENABLED = { disable_audit: 'false', audit_allow_sockets: 'true' };

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

describe('AuditEventPublisher', () => {
  it('records bind, connect and accept of loopback sockets, and hands audit back on stop', async () => {
    const control = AuditSocket.open();
    const before = control.status();
    const sink = memorySink();
    const publisher = new AuditEventPublisher();
    try {
      const state = await publisher.start(contextWith(sink, ENABLED));
      assert.deepEqual(state, { state: 'running', subscriptions: 1 });
      assert.equal(control.status().pid, process.pid, 'this process is the audit daemon');
      const { pid, port } = await loopbackPair();
      const rows = (): Row[] => sink.of('socket_events').filter((r) => r.pid === pid);
      await waitFor(() => ['bind', 'connect', 'accept'].every((a) => rows().some((r) => r.action === a)), 'bind, connect and accept rows');
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
    assert.deepEqual(await publisher.start(contextWith(memorySink())), { state: 'disabled', reason: '--disable_audit is true' });
    assert.deepEqual(await publisher.start(contextWith(memorySink(), { disable_audit: 'false' })), {
      state: 'disabled',
      reason: '--audit_allow_sockets is false',
    });
  });

  it('is disabled, naming the owner, while another process holds audit', async () => {
    const url = new URL('./socket.js', import.meta.url).href;
    const holder = await startInChild(url, 'AuditEventPublisher', ENABLED);
    try {
      assert.deepEqual(holder.state, { state: 'running', subscriptions: 1 });
      const publisher = new AuditEventPublisher();
      const state = await publisher.start(contextWith(memorySink(), ENABLED));
      await publisher.stop();
      assert.equal(state.state, 'disabled');
      assert.match(state.state === 'disabled' ? state.reason : '', new RegExp(`^NETLINK_AUDIT: audit is owned by pid ${holder.pid} \\(node\\)$`));
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
