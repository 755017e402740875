import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../common/logger.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { LoggerPlugin } from '../loggers/types.js';
import { Daemon } from './daemon.js';
import { daemonFlags } from './flags.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-daemon-metrics-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function sample(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  const match = metric?.values.find(
    (v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want) && !('le' in v.labels),
  );
  return match?.value;
}

test('query runs, errors, rows, the outbox and deliveries are measured; a full outbox drops, counts and says so', async () => {
  const dir = join(root, 'daemon');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({
      schedule: {
        numbers: { query: 'SELECT 1 AS n UNION ALL SELECT 2', interval: 1, snapshot: true },
        broken: { query: "SELECT json_extract('not json', '$') AS v", interval: 1 },
      },
    }),
  );
  const flags = daemonFlags();
  const values: Record<string, string> = {
    config_path: configPath,
    database_path: join(dir, 'db'),
    logger_path: join(dir, 'logs'),
    disable_watchdog: 'true',
    osprey_tick_ms: '5',
    schedule_timeout: '5',
    logger_queue_max: '2',
  };
  for (const [key, value] of Object.entries(values)) flags.set(key, value);
  // A destination that is down: records wait for it, so the outbox passes --logger_queue_max.
  const down: LoggerPlugin = {
    name: 'down',
    deliver: () => Promise.reject(new Error('destination unreachable')),
    close: async () => undefined,
  };
  const registry = new Registry();
  const started = Date.now() / 1000;
  const daemon = await Daemon.start({
    flags,
    log: silentLogger(),
    metrics: registry,
    extraPlugins: { down: () => down },
  });
  await daemon.done;

  assert.equal(await sample(registry, 'osprey_scheduled_query_executions_total', { query: 'numbers' }), 5);
  assert.equal(await sample(registry, 'osprey_scheduled_query_rows_total', { query: 'numbers' }), 10);
  assert.equal(await sample(registry, 'osprey_scheduled_query_errors_total', { query: 'broken' }), 5);
  assert.equal(await sample(registry, 'osprey_scheduled_query_errors_total', { query: 'numbers' }), undefined);
  const duration = await registry.getSingleMetric('osprey_scheduled_query_duration_seconds')?.get();
  const count = duration?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === 'osprey_scheduled_query_duration_seconds_count' &&
      v.labels.query === 'numbers',
  );
  assert.equal(count?.value, 5);

  const filesystemSent = await sample(registry, 'osprey_last_successful_send_timestamp_seconds', {
    logger: 'filesystem',
  });
  assert.ok(
    filesystemSent !== undefined && filesystemSent >= Math.floor(started),
    `filesystem acknowledged at ${filesystemSent}`,
  );
  assert.equal(await sample(registry, 'osprey_last_successful_send_timestamp_seconds', { logger: 'down' }), undefined);

  const dropped = (await sample(registry, 'osprey_outbox_dropped_total')) ?? 0;
  assert.ok(dropped > 0, 'records beyond logger_queue_max were dropped');
  const warnings = readFileSync(join(dir, 'logs', 'osqueryd.WARNING'), 'utf8');
  assert.match(warnings, /The log queue is full \(--logger_queue_max=2\); dropped the \d+ oldest records\./);
  // The store is closed now: the scrape-time gauges keep what they last read instead of failing the scrape.
  assert.ok((await registry.metrics()).includes('osprey_outbox_records'));
});

test('the outbox gauges read the store while the daemon runs', async () => {
  const dir = join(root, 'outbox');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({ schedule: { numbers: { query: 'SELECT 1 AS n', interval: 1, snapshot: true } } }),
  );
  const flags = daemonFlags();
  for (const [key, value] of Object.entries({
    config_path: configPath,
    database_path: join(dir, 'db'),
    logger_path: join(dir, 'logs'),
    disable_watchdog: 'true',
    osprey_tick_ms: '5',
  })) {
    flags.set(key, value);
  }
  // Records wait for this plugin, so they stay in the outbox.
  const held: LoggerPlugin = {
    name: 'held',
    deliver: () => Promise.reject(new Error('not yet')),
    close: async () => undefined,
    healthcheck: async () => false,
  };
  const registry = new Registry();
  const daemon = await Daemon.start({
    flags,
    log: silentLogger(),
    metrics: registry,
    extraPlugins: { held: () => held },
  });
  try {
    const records = await waitFor('four records waiting in the outbox', async () => {
      const waiting = (await sample(registry, 'osprey_outbox_records')) ?? 0;
      return waiting >= 4 && waiting;
    });
    const bytes = (await sample(registry, 'osprey_outbox_bytes')) ?? 0;
    assert.ok(bytes > records * 50, `each queued record is a JSON line of some size: ${bytes} bytes`);
    const age = await sample(registry, 'osprey_outbox_oldest_age_seconds');
    assert.ok(age !== undefined && age >= 0 && age < 3600, `oldest age ${age}`);
    assert.equal(await sample(registry, 'osprey_denylisted_queries'), 0);
    const storeBytes = (await sample(registry, 'osprey_differential_store_bytes')) ?? 0;
    assert.ok(storeBytes > 4096, `database and WAL: ${storeBytes} bytes`);
    assert.deepEqual(await daemon.readiness(), {
      ready: false,
      checks: { config: true, running: true, logger_filesystem: true, logger_held: false },
    });
  } finally {
    await daemon.stop();
  }
  assert.equal((await daemon.readiness()).ready, false, 'a stopped daemon is not ready');
});
