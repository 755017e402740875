/**
 * The scenario the end-to-end tests play: a real process with a real listener and a real loopback connection, a
 * Suricata alert for that connection, and, through `osprey search`, the process row, its enriched socket events and
 * an alert that names the process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { osprey } from '../helpers/osprey-cli.js';
import { waitFor } from '../helpers/wait.js';

export interface Peer {
  child: ChildProcess;
  pid: number;
  serverPort: number;
  clientPort: number;
}

const PEER = `
const net = require('net');
const server = net.createServer((s) => s.on('data', () => {}));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    console.log(JSON.stringify({ pid: process.pid, serverPort: server.address().port, clientPort: c.localPort }));
  });
  setInterval(() => c.write('x'), 500);
});`;

export async function startPeer(): Promise<Peer> {
  const child = spawn(process.execPath, ['-e', PEER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString())));
  return { child, ...(JSON.parse(line) as Omit<Peer, 'child'>) };
}

export function writeEveAlert(dir: string, peer: Peer): string {
  const path = join(dir, 'eve.json');
  const alert = {
    timestamp: new Date().toISOString().replace('Z', '+0000'),
    flow_id: 1_234_567,
    event_type: 'alert',
    src_ip: '127.0.0.1',
    src_port: peer.clientPort,
    dest_ip: '127.0.0.1',
    dest_port: peer.serverPort,
    proto: 'TCP',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: 2_013_028,
      rev: 7,
      signature: 'ET POLICY curl User-Agent Outbound',
      category: 'Attempted Information Leak',
      severity: 2,
    },
  };
  writeFileSync(path, `${JSON.stringify(alert)}\n`);
  return path;
}

type Doc = Record<string, unknown> & { process?: { pid?: number; name?: string }; event?: { dataset?: string } };

export function searchJson(dataDir: string, args: string[]): Doc[] {
  const result = osprey(['search', '--data_dir', dataDir, '--json', '--limit', '200', ...args]);
  if (result.status !== 0) return [];
  return result.stdout.trim() === ''
    ? []
    : result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Doc);
}

/** Waits for the collected rows, ships the alert, and checks every document the scenario promises. */
export async function playScenario(
  dataDir: string,
  peer: Peer,
  ship: (evePath: string) => void,
  workDir: string,
): Promise<void> {
  const pid = String(peer.pid);
  // Each check runs `osprey search`, a new process. The deadlines are for a hang on a loaded two-core machine (the
  // daemon's first results wait for every stage to start), never a measure of speed.
  const bySecond = { intervalMs: 1000 };
  await waitFor(
    'the peer’s sockets to be collected',
    () => {
      const docs = searchJson(dataDir, ['--where', `process.pid=${pid}`]);
      return docs.some((d) => d.event?.dataset === 'osquery.process_open_sockets');
    },
    { ...bySecond, timeoutMs: 240_000 },
  );
  const docs = searchJson(dataDir, ['--where', `process.pid=${pid}`]);
  assert.ok(
    docs.some((d) => d.event?.dataset === 'osquery.processes' && d.process?.name === 'node'),
    'the process row',
  );
  assert.ok(
    docs.some((d) => d.event?.dataset === 'osquery.listening_ports'),
    'the listener',
  );
  ship(writeEveAlert(workDir, peer));
  const alert = await waitFor(
    'an alert naming the process',
    () => searchJson(dataDir, ['--stream', 'alert', '--where', `process.pid=${pid}`])[0],
    { ...bySecond, timeoutMs: 240_000 },
  );
  assert.equal(alert.process?.name, 'node');
  assert.match(String(alert.message), /ET POLICY curl User-Agent Outbound/);
  assert.equal((alert.rule as { type?: string }).type, 'ids');
  // The alert and the attributed flow reach the index through different topics: either may be indexed first.
  const flows = await waitFor(
    'the attributed flow naming the process',
    () => {
      const found = searchJson(dataDir, ['--stream', 'network', '--where', `process.pid=${pid}`]);
      return found.length > 0 && found;
    },
    { ...bySecond, timeoutMs: 180_000 },
  );
  assert.equal((flows[0]?.destination as { port?: number } | undefined)?.port, peer.serverPort, 'the attributed flow');
}
