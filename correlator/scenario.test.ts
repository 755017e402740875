/**
 * Scenarios with real processes: the sockets and processes are real, read through the collector engine
 * (process_open_sockets, listening_ports and processes over /proc) and mapped by the enricher's ECS mapping; the
 * sensor records are real parser input (EVE and Zeek lines) carrying the real 5-tuples.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Registry } from 'prom-client';
import type { Engine } from '../collector/engine/engine.js';
import { waitFor } from '../test/helpers/wait.js';
import { silentLogger } from '../common/logger.js';
import { DEFAULT_ATTRIBUTION } from './attribution/config.js';
import { buildCorrelator } from './build.js';
import { parseEveLine } from '../sensors/parsers/suricata.js';
import { parseLogText } from '../sensors/parsers/log-parser.js';
import type { CorrelatorInput, CorrelatorOutput } from './stage.js';
import { enrichedRow, openEngine, rowsOf, sha256File } from '../test/helpers/endpoint.js';
import type { AlertInput } from '../schemas/generated/alert.js';
import type { HostInput } from '../schemas/generated/shared.js';

const HOST: HostInput = {
  id: 'scenario-host-id',
  name: 'scenario-host',
  hostname: 'scenario-host',
  ip: ['127.0.0.1', '10.99.0.1'],
};
let engine: Engine;
let server: Server;
let serverPort: number;
const children: ChildProcess[] = [];

before(async () => {
  engine = await openEngine();
  server = createServer((socket) => socket.on('error', () => undefined));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  serverPort = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  server.close();
});

function spawnChild(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(child);
  return child;
}

function waitForRows(
  sql: string,
  enough: (rows: Array<Record<string, unknown>>) => boolean,
): Promise<Array<Record<string, unknown>>> {
  return waitFor(`rows for: ${sql}`, () => {
    const rows = rowsOf(engine, sql);
    return enough(rows) && rows;
  });
}

function correlator(rulesDir?: string) {
  return buildCorrelator({
    attribution: { ...DEFAULT_ATTRIBUTION, maxWaitMs: 3_600_000 },
    rules: { builtin: rulesDir === undefined, dirs: rulesDir ? [rulesDir] : [] },
    registry: new Registry(),
    log: silentLogger(),
  });
}

async function run(inputs: CorrelatorInput[], rulesDir?: string): Promise<CorrelatorOutput[]> {
  const { stage } = correlator(rulesDir);
  return [...(await stage.process(inputs)), ...(await stage.close())];
}

const alertsOf = (outputs: CorrelatorOutput[], type: string): AlertInput[] =>
  outputs.flatMap((o) => (o.kind === 'alert' && o.value.rule.type === type ? [o.value] : []));

test('a Suricata alert on a real loopback connection names the process, user, binary hash and host', async () => {
  // bash's /dev/tcp opens a real TCP connection; `read` keeps it open until stdin closes.
  const child = spawnChild('/usr/bin/bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${serverPort}; read -r line`]);
  const pid = child.pid ?? 0;
  const sockets = await waitForRows(
    `SELECT * FROM process_open_sockets WHERE pid = ${pid} AND remote_port = ${serverPort}`,
    (rows) => rows.length === 1,
  );
  const [processRow] = rowsOf(engine, `SELECT * FROM processes WHERE pid = ${pid}`);
  assert.ok(processRow);
  const socket = sockets[0] as Record<string, unknown>;
  const now = Date.now();
  const eve = JSON.stringify({
    timestamp: new Date(now + 500).toISOString(),
    flow_id: 1234567890123,
    event_type: 'alert',
    src_ip: socket.local_address,
    src_port: Number(socket.local_port),
    dest_ip: '127.0.0.1',
    dest_port: serverPort,
    proto: 'TCP',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: 2019284,
      rev: 3,
      signature: 'ET POLICY Reverse shell over TCP',
      category: 'Potentially Bad Traffic',
      severity: 1,
    },
  });
  const flow = parseEveLine('sensor-lo', eve, { file: 'eve.json', line: 1 });
  assert.ok(flow);
  const outputs = await run([
    { schema: 'enriched_event', value: enrichedRow('processes', HOST, now - 1_000, processRow) },
    { schema: 'enriched_event', value: enrichedRow('process_open_sockets', HOST, now, socket) },
    { schema: 'network_event', value: flow },
  ]);
  const [alert] = alertsOf(outputs, 'ids');
  assert.ok(alert, 'an IDS alert');
  assert.equal(alert.process?.pid, pid);
  assert.equal(alert.process?.executable, '/usr/bin/bash');
  assert.equal(alert.process?.hash?.sha256, sha256File('/usr/bin/bash'));
  assert.equal(alert.host?.name, 'scenario-host');
  assert.equal(alert.user?.id, String(process.getuid?.()));
  assert.equal(alert.severity, 'high');
  assert.match(alert.message, new RegExp(`/usr/bin/bash \\(pid ${pid}`));
  assert.equal(alert.evidence?.[0]?.id, flow.id);
  const attributed = outputs.find((o) => o.kind === 'attributed');
  assert.equal(attributed?.value.id, flow.id);
  child.stdin?.end();
  await once(child, 'exit');
});

test('beaconing: a real process with several connections to one destination, seen by Zeek at a regular cadence', async () => {
  const count = 6;
  const script = `for i in $(seq 3 ${count + 2}); do eval "exec $i<>/dev/tcp/127.0.0.1/${serverPort}"; done; read -r line`;
  const child = spawnChild('/usr/bin/bash', ['-c', script]);
  const pid = child.pid ?? 0;
  const sockets = await waitForRows(
    `SELECT * FROM process_open_sockets WHERE pid = ${pid} AND remote_port = ${serverPort}`,
    (rows) => rows.length === count,
  );
  const [processRow] = rowsOf(engine, `SELECT * FROM processes WHERE pid = ${pid}`);
  assert.ok(processRow);
  const t0 = Date.now();
  // A Zeek conn.log of these connections, one every 30 s with a little jitter, as a sensor would have logged them.
  const jitterMs = [0, 400, -300, 250, -150, 100];
  const lines = sockets.map((s, i) =>
    JSON.stringify({
      ts: (t0 + i * 30_000 + (jitterMs[i] ?? 0)) / 1000,
      uid: `Cbeacon${i}`,
      'id.orig_h': s.local_address,
      'id.orig_p': Number(s.local_port),
      'id.resp_h': '127.0.0.1',
      'id.resp_p': serverPort,
      proto: 'tcp',
      conn_state: 'SF',
    }),
  );
  const flows = parseLogText('zeek', 'zeek-lo', 'conn.log', lines.join('\n')).events;
  assert.equal(flows.length, count);
  const inputs: CorrelatorInput[] = [
    { schema: 'enriched_event', value: enrichedRow('processes', HOST, t0 - 1_000, processRow) },
    ...sockets.map((s): CorrelatorInput => ({
      schema: 'enriched_event',
      value: enrichedRow('process_open_sockets', HOST, t0, s),
    })),
    ...flows.map((f): CorrelatorInput => ({ schema: 'network_event', value: f })),
  ];
  const dir = await rulesDirWith(
    `type: beaconing\nid: beacon-test\nname: Beaconing\nmin_connections: ${count}\nmax_jitter: 0.1\nmin_interval: 1s\n`,
  );
  const [alert] = alertsOf(await run(inputs, dir), 'beaconing');
  assert.ok(alert, 'a beaconing alert');
  assert.equal(alert.process?.pid, pid);
  assert.equal(alert.process?.executable, '/usr/bin/bash');
  assert.equal(alert.evidence?.length, count);
  child.stdin?.end();
  await once(child, 'exit');
});

test('a new listener: a real process starts listening on a port the host never listened on', async () => {
  const child = spawnChild(process.execPath, [
    '-e',
    "require('net').createServer().listen(0, '127.0.0.1'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));",
  ]);
  const pid = child.pid ?? 0;
  const [listener] = await waitForRows(
    `SELECT * FROM listening_ports WHERE pid = ${pid} AND protocol = 6`,
    (rows) => rows.length === 1,
  );
  const [processRow] = rowsOf(engine, `SELECT * FROM processes WHERE pid = ${pid}`);
  assert.ok(listener && processRow);
  const t0 = Date.now();
  const dir = await rulesDirWith('type: new_listener\nid: nl-test\nname: New listening port\nlearning_period: 1m\n');
  const outputs = await run(
    [
      // The baseline: the test's own server, seen during the learning period.
      {
        schema: 'enriched_event',
        value: enrichedRow('listening_ports', HOST, t0 - 120_000, { ...listener, pid: process.pid, port: serverPort }),
      },
      { schema: 'enriched_event', value: enrichedRow('processes', HOST, t0 - 1_000, processRow) },
      { schema: 'enriched_event', value: enrichedRow('listening_ports', HOST, t0, listener) },
    ],
    dir,
  );
  const alerts = alertsOf(outputs, 'new_listener');
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.process?.pid, pid);
  assert.equal(alerts[0]?.process?.executable, process.execPath);
  assert.match(alerts[0]?.message ?? '', new RegExp(`destination\\.port=${String(listener.port)}`));
  child.stdin?.end();
  await once(child, 'exit');
});

test('a bundled Sigma rule fires on a real process start (base64 -d)', async () => {
  const child = spawnChild('/usr/bin/base64', ['-d']);
  const pid = child.pid ?? 0;
  const [processRow] = await waitForRows(
    `SELECT * FROM processes WHERE pid = ${pid} AND path = '/usr/bin/base64'`,
    (rows) => rows.length === 1,
  );
  assert.ok(processRow);
  const outputs = await run([
    { schema: 'enriched_event', value: enrichedRow('processes', HOST, Date.now(), processRow) },
  ]);
  const sigma = alertsOf(outputs, 'sigma');
  const decode = sigma.find((a) => a.rule.id === 'e2072cab-8c9a-459b-b63c-40ae79e27031');
  assert.ok(decode, `the base64 decode rule fired (got ${sigma.map((a) => a.rule.name).join(', ')})`);
  assert.equal(decode.process?.pid, pid);
  assert.equal(decode.process?.command_line, '/usr/bin/base64 -d');
  assert.deepEqual(decode.rule.mitre_techniques, ['T1027']);
  child.stdin?.end();
  await once(child, 'exit');
});

async function rulesDirWith(yamlText: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-rules-'));
  writeFileSync(join(dir, 'rule.yml'), yamlText);
  tempDirs.push(dir);
  return dir;
}
const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
