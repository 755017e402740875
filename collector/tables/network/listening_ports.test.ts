import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { genListeningPorts } from './listening_ports.js';

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function bindUdp(socket: UdpSocket, host: string): Promise<number> {
  return new Promise((resolve) => socket.bind(0, host, () => resolve(socket.address().port)));
}

function run(): Row[] {
  return [...genListeningPorts(createQueryContext({ table: 'listening_ports' }))];
}

/** `ss -H -ltnu` as a set of "tcp:port" / "udp:port" keys. */
function ssPorts(): Set<string> | null {
  const ss = spawnSync('ss', ['-H', '-ltnu'], { encoding: 'utf8' });
  if (ss.error) return null;
  const keys = new Set<string>();
  for (const line of ss.stdout.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const port = /:(\d+)$/.exec(fields[4] ?? '')?.[1];
    if (fields[0] && port) keys.add(`${fields[0]}:${port}`);
  }
  return keys;
}

describe('listening_ports', () => {
  const tcp4 = createServer();
  const tcp6 = createServer();
  const udp4 = createSocket('udp4');
  let ports: { tcp4: number; tcp6: number | null; udp4: number };

  before(async () => {
    const v6 = await listen(tcp6, '::1').catch(() => null);
    ports = { tcp4: await listen(tcp4, '127.0.0.1'), tcp6: v6, udp4: await bindUdp(udp4, '127.0.0.1') };
  });

  after(() => {
    tcp4.close();
    if (ports.tcp6 !== null) tcp6.close();
    udp4.close();
  });

  it('reports this process listening on TCP and UDP with pid, port, protocol, family and address', () => {
    const mine = run().filter((r) => r.pid === process.pid);
    const tcp = mine.find((r) => r.port === ports.tcp4 && r.protocol === 6);
    assert.deepEqual([tcp?.family, tcp?.address], [2, '127.0.0.1']);
    assert.ok(typeof tcp?.fd === 'number' && tcp.fd >= 0 && typeof tcp.socket === 'number' && tcp.socket > 0);
    const udp = mine.find((r) => r.port === ports.udp4 && r.protocol === 17);
    assert.deepEqual([udp?.family, udp?.address], [2, '127.0.0.1']);
    if (ports.tcp6 !== null) {
      const v6 = mine.find((r) => r.port === ports.tcp6 && r.protocol === 6);
      assert.deepEqual([v6?.family, v6?.address], [10, '::1']);
    }
  });

  it('leaves out connected sockets and anonymous UNIX sockets', () => {
    const rows = run();
    assert.ok(rows.every((r) => (r.family === 1 ? typeof r.path === 'string' && r.path !== '' : true)));
    assert.ok(rows.every((r) => r.family === 1 || typeof r.address === 'string'));
  });

  it('agrees with ss -ltnu', (t) => {
    const before = ssPorts();
    if (before === null) return t.skip('ss (iproute2) is not installed: cross-check skipped');
    const rows = run();
    const after = ssPorts() ?? new Set<string>();
    const ours = new Set(
      rows.filter((r) => r.family !== 1).map((r) => `${r.protocol === 6 ? 'tcp' : 'udp'}:${r.port}`),
    );
    // Sockets that ss saw both before and after our scan existed throughout it, so we must have them too.
    for (const key of before) if (after.has(key)) assert.ok(ours.has(key), `ss lists ${key}, listening_ports does not`);
    for (const key of [`tcp:${ports.tcp4}`, `udp:${ports.udp4}`]) assert.ok(before.has(key), `ss also sees ${key}`);
  });
});
