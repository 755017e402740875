import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { correlatorMetrics, MinuteCounts } from '../../correlator/metrics.js';
import { exitCode } from './command.js';
import { parseSamples, single, sumBy } from './prometheus-text.js';
import type { ProcessReport } from './report.js';

test('parseSamples reads names, labels (with escapes) and values of the exposition format', () => {
  const samples = parseSamples(
    [
      '# HELP osprey_consumer_lag Latest offset minus committed offset.',
      '# TYPE osprey_consumer_lag gauge',
      'osprey_consumer_lag{group="enricher",topic="osquery.results",partition="0"} 5',
      'osprey_consumer_lag{group="enricher",topic="osquery.results",partition="1"} 2',
      'osprey_consumer_lag{group="correlator",topic="enriched",partition="0"} 0',
      'osprey_store_bytes 4096',
      'odd{q="a \\"quoted\\" name"} 1 1700000000000',
      'not a sample',
    ].join('\n'),
  );
  assert.deepEqual(Object.fromEntries(sumBy(samples, 'osprey_consumer_lag', 'group')), { enricher: 7, correlator: 0 });
  assert.equal(single(samples, 'osprey_store_bytes'), 4096);
  assert.equal(samples.find((s) => s.name === 'odd')?.labels.q, 'a "quoted" name');
  assert.equal(samples.length, 5);
});

test('MinuteCounts counts the last 60 minutes and forgets older ones', () => {
  let now = 1_700_000_000_000;
  const counts = new MinuteCounts(60, () => now);
  counts.add(2);
  now += 30 * 60_000;
  counts.add(3);
  assert.equal(counts.total(), 5);
  now += 31 * 60_000; // the first two are 61 minutes old
  assert.equal(counts.total(), 3);
  now += 60 * 60_000;
  assert.equal(counts.total(), 0);
});

test('the correlator exposes alerts in the last hour at scrape time', async () => {
  const registry = new Registry();
  let now = 1_700_000_000_000;
  const metrics = correlatorMetrics(registry, () => now);
  metrics.alerts('sigma', 4);
  assert.match(await registry.metrics(), /^osprey_correlator_alerts_last_hour 4$/m);
  now += 2 * 3_600_000;
  assert.match(await registry.metrics(), /^osprey_correlator_alerts_last_hour 0$/m);
});

test('exit codes follow LSB status: 0 ready, 1 unwell, 3 not running', () => {
  const base: ProcessReport = {
    command: 'run',
    pid: 1,
    statusFile: 'f',
    version: 'v',
    startedAt: 't',
    running: true,
    lastQueries: [],
    lagByGroup: {},
  };
  assert.equal(exitCode([]), 3);
  assert.equal(exitCode([{ ...base, running: false }]), 3);
  assert.equal(exitCode([{ ...base, healthy: true, ready: true }]), 0);
  assert.equal(exitCode([{ ...base, healthy: true, ready: false }]), 1);
  assert.equal(exitCode([{ ...base, endpointError: 'refused' }]), 1);
});
