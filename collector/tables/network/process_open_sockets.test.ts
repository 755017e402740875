import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { Engine } from '../../engine/engine.js';
import { genProcessOpenSockets } from './process_open_sockets.js';

/** A child process holding a listening TCP socket, both ends of a loopback connection and a UNIX listener. */
const CHILD = `
const net = require('node:net');
const server = net.createServer((peer) => { globalThis.peer = peer; });
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    const unix = net.createServer().listen(process.argv[1], () => {
      console.log(JSON.stringify({ server: server.address().port, client: client.localPort }));
    });
  });
});
setInterval(() => {}, 1000);
`;

interface Ports {
  server: number;
  client: number;
}

function run(constraints: Constraint[] = []): Row[] {
  return [...genProcessOpenSockets(createQueryContext({ table: 'process_open_sockets', constraints }))];
}

describe('process_open_sockets', () => {
  let child: ChildProcess;
  let ports: Ports;
  let dir: string;
  let unixPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-pos-'));
    unixPath = join(dir, 'child.sock');
    child = spawn(process.execPath, ['-e', CHILD, unixPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    ports = await new Promise<Ports>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as Ports));
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
  });

  after(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the child process sockets with pid, fd, ports, family, protocol and state', () => {
    const rows = run([{ column: 'pid', op: '=', value: child.pid ?? 0 }]);
    assert.ok(
      rows.every((r) => r.pid === child.pid),
      'a pid filter returns only that pid',
    );
    const listen = rows.find((r) => r.local_port === ports.server && r.state === 'LISTEN');
    assert.ok(listen, 'the listening socket is there');
    assert.equal(listen.family, 2);
    assert.equal(listen.protocol, 6);
    assert.equal(listen.local_address, '127.0.0.1');
    assert.equal(listen.remote_port, 0);
    const clientEnd = rows.find((r) => r.local_port === ports.client && r.remote_port === ports.server);
    const serverEnd = rows.find((r) => r.local_port === ports.server && r.remote_port === ports.client);
    for (const end of [clientEnd, serverEnd]) {
      assert.ok(end, 'both ends of the loopback connection are there');
      assert.equal(end.state, 'ESTABLISHED');
      assert.equal(end.remote_address, '127.0.0.1');
      // The fd really is that socket: /proc/<pid>/fd/<fd> points at socket:[inode].
      assert.equal(readlinkSync(`/proc/${child.pid}/fd/${end.fd}`), `socket:[${end.socket}]`);
    }
    const unix = rows.find((r) => r.path === unixPath);
    assert.ok(unix, 'the UNIX listener is there with its path');
    assert.equal(unix.family, 1);
    assert.equal(unix.local_port, 0);
    assert.match(String(unix.net_namespace), /^\d+$/);
  });

  it('without a pid filter reports the same sockets and unowned ones as pid -1', () => {
    const rows = run();
    assert.ok(rows.some((r) => r.pid === child.pid && r.local_port === ports.client && r.state === 'ESTABLISHED'));
    assert.ok(rows.every((r) => typeof r.pid === 'number' && (r.pid === -1 || r.pid > 0)));
    assert.ok(rows.every((r) => r.pid !== -1 || r.fd === -1));
  });

  it('answers SQL with the pid constraint pushed down, joined to listening_ports', async () => {
    const engine = await Engine.create();
    try {
      const rows = engine.queryRows(
        `SELECT pid, fd, local_port, state FROM process_open_sockets WHERE pid = ${child.pid} AND family = 2`,
      );
      assert.ok(rows.length >= 3 && rows.every((r) => r.pid === child.pid));
      const listen = engine.queryRows(`SELECT port FROM listening_ports WHERE pid = ${child.pid} AND protocol = 6`);
      assert.deepEqual(
        listen.map((r) => r.port),
        [ports.server],
      );
    } finally {
      engine.close();
    }
  });

  it('returns nothing for a pid that does not exist', () => {
    assert.deepEqual(run([{ column: 'pid', op: '=', value: 999_999_999 }]), []);
  });

  it('agrees with ss about which process and fd hold the connection', (t) => {
    const ss = spawnSync('ss', ['-H', '-tnp', 'state', 'established', `( sport = :${ports.client} )`], {
      encoding: 'utf8',
    });
    if (ss.error) return t.skip('ss (iproute2) is not installed: cross-check skipped');
    const match = /pid=(\d+),fd=(\d+)/.exec(ss.stdout);
    assert.ok(match, `ss shows the owner: ${ss.stdout}`);
    const row = run().find((r) => r.local_port === ports.client && r.remote_port === ports.server);
    assert.equal(row?.pid, Number(match[1]));
    assert.equal(row?.fd, Number(match[2]));
  });
});
