/**
 * The watchdog end to end: a real watcher forks a worker; a scheduled recursive CTE that never ends burns CPU past
 * the utilization limit; the watcher kills the worker mid-query, the next worker denylists the query with status
 * logs saying why, and the other queries keep running.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WatchdogRules, watchdogLimits } from './watchdog-limits.js';
import { waitFor } from '../../test/helpers/wait.js';
import { exited, readLines, spawnDaemon } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-watchdog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('osquery limits per level, overridden by watchdog_* flags', () => {
  const flags = (values: Record<string, number>) => ({ getNumber: (name: string) => values[name] ?? 0 });
  assert.deepEqual(
    [
      watchdogLimits(flags({})).memoryMb,
      watchdogLimits(flags({})).utilizationPercent,
      watchdogLimits(flags({})).latencySeconds,
    ],
    [200, 10, 12],
  );
  const restrictive = watchdogLimits(flags({ watchdog_level: 1 }));
  assert.deepEqual([restrictive.memoryMb, restrictive.utilizationPercent, restrictive.latencySeconds], [100, 5, 6]);
  assert.equal(watchdogLimits(flags({ watchdog_memory_limit: 50 })).memoryMb, 50);
});

test('CPU rule: strikes in a row times the interval reach the latency limit; a calm check resets', () => {
  const rules = new WatchdogRules(watchdogLimits({ getNumber: () => 0 }), 2);
  const mb = 1024 * 1024;
  let cpu = 0;
  const busy = (): string | undefined => rules.check({ cpuMs: (cpu += 3000), rssBytes: 50 * mb });
  assert.equal(rules.check({ cpuMs: cpu, rssBytes: 50 * mb }), undefined, 'first check is the baseline');
  assert.equal(busy(), undefined);
  assert.equal(busy(), undefined);
  assert.equal(rules.check({ cpuMs: (cpu += 10), rssBytes: 50 * mb }), undefined, 'calm check resets');
  assert.equal(busy(), undefined);
  assert.equal(busy(), undefined);
  assert.equal(busy(), undefined);
  assert.match(busy() ?? '', /Maximum sustainable CPU utilization limit exceeded/);
  assert.match(rules.check({ cpuMs: cpu, rssBytes: 300 * mb }) ?? '', /Memory limits exceeded/);
  assert.equal(rules.checkQuery('q', 0, 299_000), undefined);
  assert.match(
    rules.checkQuery('q', 0, 301_000) ?? '',
    /Scheduled query q exceeded the wall-time limit: 301 s \(limit 300 s\)/,
  );
  assert.equal(rules.checkQuery(undefined, 0, 10_000_000), undefined, 'no query running');
});

test('a runaway query is killed, denylisted with a reason, and the daemon keeps working', async () => {
  const configPath = join(dir, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({
      schedule: {
        heavy: {
          query: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
          interval: 1,
        },
        light: { query: 'SELECT abs(random()) AS r', interval: 1 },
        denylisted: { query: 'SELECT name, denylisted FROM osquery_schedule WHERE denylisted = 1', interval: 1 },
      },
    }),
  );
  const logs = join(dir, 'logs');
  const watcher = spawnDaemon([
    `--config_path=${configPath}`,
    `--database_path=${join(dir, 'db')}`,
    `--logger_path=${logs}`,
    '--watchdog_delay=2',
    '--watchdog_latency_limit=3',
    '--watchdog_utilization_limit=2', // well below one busy core even on a loaded test machine
    '--osprey_tick_ms=50',
  ]);
  try {
    const warnings = (): string[] => readLines(join(logs, 'osqueryd.WARNING'));
    // The worker must run `heavy` past its limit and the watcher must notice and respawn it: under `stress --cpu 2`
    // that takes far longer than the default deadline, which is for a hang and not a measure of speed.
    await waitFor(
      'the denylisting warning',
      () => warnings().some((l) => l.includes('Denylisting scheduled query heavy')) || watcher.exitCode !== null,
      { timeoutMs: 180_000 },
    );
    const text = warnings().join('\n');
    assert.match(text, /Scheduled query may have failed: heavy/);
    assert.match(
      text,
      /Denylisting scheduled query heavy for 86400 seconds \(Maximum sustainable CPU utilization limit exceeded.*while running scheduled query heavy\)/,
    );
    const results = join(logs, 'osqueryd.results.log');
    await waitFor("the denylisted query's result", () => readFileSync(results, 'utf8').includes('"name":"denylisted"'));
    const denylisted = readLines(results).map(
      (l) => JSON.parse(l) as { name: string; columns: Record<string, string> },
    );
    assert.ok(
      denylisted.some((l) => l.name === 'denylisted' && l.columns.name === 'heavy' && l.columns.denylisted === '1'),
    );
    const lightRuns = (): number => readLines(results).filter((l) => l.includes('"name":"light"')).length;
    const before = lightRuns();
    await waitFor('more runs of the light query', () => lightRuns() > before + 4);
  } finally {
    watcher.kill('SIGTERM');
  }
  assert.deepEqual(await exited(watcher), { code: 0, signal: null });
});
