/**
 * A real Prometheus scrapes a real `osprey daemon` (watcher + worker) on loopback: the worker's --metrics_listen
 * endpoint serves the metrics the alert rules use, /readyz reports the config and plugins, and Prometheus stores
 * osprey_scheduled_query_executions_total under the job the manifests name (osprey-daemon).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exited, spawnDaemon } from '../../collector/daemon/testing.js';
import { requireCommand } from '../helpers/system-tools.js';
import { waitFor } from '../helpers/wait.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-scrape-'));
const children: ChildProcess[] = [];
let daemonUrl = '';
let prometheusUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls an HTTP `probe` with the shared waitFor; a refused or failed request counts as not yet. */
function poll<T>(what: string, probe: () => Promise<T | undefined>, context: () => string = () => ''): Promise<T> {
  return waitFor(what, () => probe().catch(() => undefined), { timeoutMs: 60_000, intervalMs: 250, context });
}

function collectOutput(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4000)));
  return () => text;
}

let daemonOutput = (): string => '';
let prometheusOutput = (): string => '';

before(async () => {
  const prometheus = requireCommand('prometheus', 'prometheus');
  const [metricsPort, prometheusPort] = [await freePort(), await freePort()];
  const configPath = join(root, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({ schedule: { numbers: { query: 'SELECT 1 AS n UNION ALL SELECT 2', interval: 1 } } }),
  );
  const daemon = spawnDaemon([
    `--config_path=${configPath}`,
    `--database_path=${join(root, 'db')}`,
    `--logger_path=${join(root, 'logs')}`,
    `--metrics_listen=127.0.0.1:${metricsPort}`,
    '--osprey_tick_ms=200',
  ]);
  children.push(daemon);
  daemonOutput = collectOutput(daemon);
  daemonUrl = `http://127.0.0.1:${metricsPort}`;

  const scrapeConfig = join(root, 'prometheus.yml');
  writeFileSync(
    scrapeConfig,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: osprey-daemon',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${metricsPort}']`,
      '',
    ].join('\n'),
  );
  const server = spawn(
    prometheus,
    [
      `--config.file=${scrapeConfig}`,
      `--storage.tsdb.path=${join(root, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(server);
  prometheusOutput = collectOutput(server);
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((child) => exited(child)));
  rmSync(root, { recursive: true, force: true });
});

test('the daemon worker serves the metrics the rules use, and /readyz', async () => {
  const text = await poll(
    "the daemon's /metrics",
    async () => {
      const res = await fetch(`${daemonUrl}/metrics`);
      const body = await res.text();
      return /osprey_scheduled_query_executions_total\{query="numbers"\} [1-9]/.test(body) ? body : undefined;
    },
    () => daemonOutput(),
  );
  for (const name of [
    'osprey_scheduled_query_duration_seconds_bucket',
    'osprey_scheduled_query_rows_total{query="numbers"} 2',
    'osprey_outbox_records',
    'osprey_outbox_bytes',
    'osprey_outbox_oldest_age_seconds',
    'osprey_outbox_dropped_total 0',
    'osprey_denylisted_queries 0',
    'osprey_differential_store_bytes',
    'osprey_build_info',
    'process_resident_memory_bytes',
  ]) {
    assert.ok(text.includes(name), `${name} missing from /metrics`);
  }
  const sent = await poll('a filesystem delivery', async () => {
    const body = await (await fetch(`${daemonUrl}/metrics`)).text();
    const match = /osprey_last_successful_send_timestamp_seconds\{logger="filesystem"\} (\S+)/.exec(body);
    return match ? Number(match[1]) : undefined;
  });
  assert.ok(sent > 1_600_000_000, `a UNIX time in seconds, got ${sent}`);
  const ready = await fetch(`${daemonUrl}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(((await ready.json()) as { checks: Record<string, boolean> }).checks, {
    config: true,
    running: true,
    logger_filesystem: true,
  });
  assert.equal((await fetch(`${daemonUrl}/healthz`)).status, 200);
});

test('Prometheus scrapes osprey_scheduled_query_executions_total under job osprey-daemon', async () => {
  interface QueryResponse {
    status: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  }
  const series = await poll(
    'a scraped series',
    async () => {
      const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent('osprey_scheduled_query_executions_total')}`;
      const body = (await (await fetch(url)).json()) as QueryResponse;
      const found = body.data.result.find((r) => r.metric.job === 'osprey-daemon' && r.metric.query === 'numbers');
      return found && Number(found.value[1]) > 0 ? found : undefined;
    },
    () => prometheusOutput(),
  );
  assert.equal(series.metric.__name__, 'osprey_scheduled_query_executions_total');
  assert.ok(Number(series.value[1]) >= 1);
});
