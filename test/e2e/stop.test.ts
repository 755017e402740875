/**
 * Stop means stop (issue #16): `osprey daemon` and `osprey run` exit with code 0 within 5 s of SIGTERM in every
 * state, and a second signal exits at once. Each test brings the real CLI into one state, waits for the witness of
 * that state in its output (or its metrics), and only then signals. The 5 s bound is the feature itself, measured from
 * the signal to the exit; everything before the signal waits on witnesses with generous deadlines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, afterEach, test } from 'node:test';
import { start, type Running } from '../helpers/osprey-cli.js';
import { waitFor } from '../helpers/wait.js';

/** The contract: from SIGTERM to exit. */
const STOP_WITHIN_MS = 5000;
/** Start-up on a loaded two-core machine (a daemon boots an engine; `osprey run` boots every stage). */
const STATE_TIMEOUT_MS = 120_000;

const dir = mkdtempSync(join(tmpdir(), 'osprey-stop-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const running: Running[] = [];
afterEach(async () => {
  for (const proc of running.splice(0))
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
});

let seq = 0;
function fresh(name: string): string {
  return join(dir, `${name}-${++seq}`);
}

function launch(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  // The witnesses are log lines: the test runner silences logs (OSPREY_LOG_LEVEL=silent), these children must not be.
  const proc = start(args, { OSPREY_LOG_LEVEL: 'info', ...env });
  running.push(proc);
  return proc;
}

/** Waits for a line matching `pattern` in the process's output; fails early if the process exits first. */
async function witness(proc: Running, what: string, pattern: RegExp): Promise<void> {
  await waitFor(
    what,
    () => {
      if (proc.child.exitCode !== null)
        throw new Error(`osprey exited (${proc.child.exitCode}) before ${what}:\n${proc.output().slice(-3000)}`);
      return pattern.test(proc.output());
    },
    { timeoutMs: STATE_TIMEOUT_MS, intervalMs: 100, context: () => proc.output().slice(-3000) },
  );
}

/** Sends `signal` and resolves with the exit code and the time from the signal to the exit. */
async function signalAndTime(
  proc: Running,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ code: number | null; ms: number }> {
  const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
  const sent = performance.now();
  proc.child.kill(signal);
  const code = await exited;
  return { code, ms: performance.now() - sent };
}

/**
 * Exit code 0 proves the stop finished inside the process's own budget: past it, the backstop in common/lifecycle.ts
 * exits 1. The wall-clock bound is the contract's 5 s on a machine with a free core; when the run queue is longer
 * than the cores (the suite beside `stress --cpu 2`), a starved process cannot even be scheduled to handle the signal,
 * so the bound stretches by the load per core, measured when the signal is sent.
 */
async function assertStopsCleanly(proc: Running, state: string): Promise<void> {
  const overload = Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
  const { code, ms } = await signalAndTime(proc);
  const bound = STOP_WITHIN_MS * overload;
  assert.equal(
    code,
    0,
    `${state}: exit code 0 after SIGTERM (1 means the in-process stop budget ran out)\n${proc.output().slice(-3000)}`,
  );
  assert.ok(
    ms < bound,
    `${state}: exited ${Math.round(ms)} ms after SIGTERM (contract: < ${STOP_WITHIN_MS} ms × load per core ${overload.toFixed(1)})`,
  );
}

/** A loopback port with nothing listening: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function daemonArgs(name: string, extra: string[] = []): string[] {
  const base = fresh(name);
  const config = `${base}.conf`;
  writeFileSync(config, JSON.stringify({ schedule: { one: { query: 'SELECT 1 AS one', interval: 1 } } }));
  return [
    'daemon',
    `--config_path=${config}`,
    `--database_path=${join(base, 'db')}`,
    `--logger_path=${join(base, 'logs')}`,
    `--extensions_socket=${join(base, 'osquery.em')}`,
    '--metrics_listen=',
    '--osprey_tick_ms=50',
    ...extra,
  ];
}

test('daemon: a worker in restart back-off', async () => {
  // A --database_path under a regular file: every worker fails at start-up and the watcher backs off before the next.
  const notADirectory = fresh('file');
  writeFileSync(notADirectory, '');
  // --watchdog_level=-1: a respawn limit of 1000 s, so every early exit backs off however slowly a loaded machine starts
  // the worker (at level 0 a worker that takes 4 s to fail is restarted at once, and four such give up with exit 1).
  const args = daemonArgs('backoff', ['--watchdog_level=-1']).map((a) =>
    a.startsWith('--database_path=') ? `--database_path=${join(notADirectory, 'db')}` : a,
  );
  const proc = launch(args);
  await witness(proc, 'the watcher backing off', /Restarting the osprey daemon worker in [1-9]\d* s/);
  await assertStopsCleanly(proc, 'restart back-off');
});

test('daemon: the kafka logger retrying an unreachable broker', async () => {
  const port = await closedPort();
  const proc = launch(
    daemonArgs('kafka', ['--logger_plugin=kafka_producer', `--logger_kafka_brokers=127.0.0.1:${port}`]),
  );
  await witness(proc, 'the kafka logger failing to connect', /kafkajs: Connection error/);
  await assertStopsCleanly(proc, 'broker unreachable (watchdog)');
});

test('daemon --disable_watchdog: the kafka logger retrying; a second SIGTERM exits at once', async () => {
  const port = await closedPort();
  const args = ['--disable_watchdog', '--logger_plugin=kafka_producer', `--logger_kafka_brokers=127.0.0.1:${port}`];
  const first = launch(daemonArgs('kafka-nowatch', args));
  await witness(first, 'the kafka logger failing to connect', /kafkajs: Connection error/);
  await assertStopsCleanly(first, 'broker unreachable (no watchdog)');

  const second = launch(daemonArgs('kafka-twice', args));
  await witness(second, 'the kafka logger failing to connect', /kafkajs: Connection error/);
  second.child.kill('SIGTERM');
  await witness(second, 'the graceful stop under way', /Stopping \(SIGTERM\)/);
  const { code } = await signalAndTime(second);
  // 128 + 15: the immediate exit, not the graceful one (which exits 0).
  assert.equal(code, 143, second.output().slice(-2000));
});

test('daemon: waiting for a required extension on --extensions_socket', async () => {
  const proc = launch(daemonArgs('ext-require', ['--extensions_require=never_registers', '--extensions_timeout=600']));
  await witness(proc, 'the wait for the required extension', /Waiting up to \d+ s for required extensions/);
  await assertStopsCleanly(proc, 'waiting for extensions');
});

test('daemon: serving --extensions_socket with an extension connected', async () => {
  const args = daemonArgs('ext-socket');
  const socketPath = (args.find((a) => a.startsWith('--extensions_socket=')) ?? '').slice(
    '--extensions_socket='.length,
  );
  const proc = launch(args);
  await witness(proc, 'the extensions socket listening', /Serving the extensions socket/);
  await witness(proc, 'the schedule running', /osprey daemon started/);
  // An idle connection, as an extension holds between calls: it must not hold the stop up.
  const client: Socket = createConnection(socketPath);
  client.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  try {
    await assertStopsCleanly(proc, 'extensions socket with a connection');
  } finally {
    client.destroy();
  }
});

function runArgs(name: string, extra: string[] = []): string[] {
  return ['run', `--data_dir=${fresh(name)}`, '--metrics_listen=127.0.0.1:0', ...extra];
}

test('osprey run --kafka: a broker that does not answer', async () => {
  const port = await closedPort();
  const proc = launch(runArgs('run-kafka', ['--kafka', `127.0.0.1:${port}`]));
  await witness(proc, 'the bus failing to connect', /kafkajs: Connection error/);
  await assertStopsCleanly(proc, 'run with an unreachable broker');
});

test('osprey run --elasticsearch: a cluster that does not answer', async () => {
  const port = await closedPort();
  const proc = launch(runArgs('run-es', ['--elasticsearch', `http://127.0.0.1:${port}`]));
  await witness(proc, 'the bulk writer retrying', /Bulk request failed; retrying/);
  await assertStopsCleanly(proc, 'run with an unreachable cluster');
});

test('osprey run: the embedded pipeline after its first results are indexed', async () => {
  const proc = launch(runArgs('run-plain'));
  await witness(proc, 'the banner', /metrics: +http:\/\/127\.0\.0\.1:\d+\/metrics/);
  const url = /metrics: +(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(proc.output())?.[1] ?? '';
  await waitFor(
    'documents indexed',
    async () => {
      const text = await fetch(url)
        .then((r) => r.text())
        .catch(() => '');
      const indexed = /osprey_component_sent_events_total\{stage="indexer"\} (\d+)/.exec(text);
      return Number(indexed?.[1] ?? 0) > 0;
    },
    { timeoutMs: STATE_TIMEOUT_MS, intervalMs: 250 },
  );
  await assertStopsCleanly(proc, 'embedded run');
});
