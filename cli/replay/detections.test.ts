/**
 * The built-in rules on extracts of the labelled Stratosphere sets (fixtures/PROVENANCE.md), scored by the quality
 * report against each set's labels: every malicious host alerted, no benign host alerted, and by the rule meant for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRoot } from '../../common/paths.js';
import { silentLogger } from '../../common/logger.js';
import { loadLabels } from './labels.js';
import { qualityReport } from './quality.js';
import { runReplay } from './replay.js';
import { loadRecords } from './stream.js';

const CASES = [
  {
    log: 'sensors/parsers/fixtures/vertical-conn.log',
    labels: 'vertical',
    rules: ['osprey-port-scan'],
    hosts: ['192.168.1.9'],
  },
  {
    log: 'sensors/parsers/fixtures/horizontal-conn.log',
    labels: 'horizontal',
    rules: ['osprey-horizontal-scan'],
    hosts: ['10.0.2.112'],
  },
  {
    log: 'cli/replay/fixtures/test10-extract-conn.log',
    labels: 'test10',
    rules: ['osprey-horizontal-scan', 'osprey-ping-sweep'],
    hosts: ['192.0.2.10', '192.0.2.33'],
  },
  {
    log: 'cli/replay/fixtures/test9-extract-conn.log',
    labels: 'test9',
    rules: ['osprey-non-http-port-80'],
    hosts: ['10.0.2.15'],
  },
] as const;

for (const c of CASES) {
  test(`${c.labels}: every malicious host alerted (${c.hosts.join(', ')}), no benign host, by ${c.rules.join(' and ')}`, async () => {
    const loaded = await loadRecords([fromRoot(c.log)], 'replay');
    const outcome = await runReplay({ records: loaded.records, storeDir: null, log: silentLogger() });
    const report = qualityReport(
      outcome.flows,
      outcome.alerts,
      loadLabels(fromRoot('cli/replay/fixtures', `${c.labels}.labels.json`)),
    );
    assert.deepEqual(report.maliciousHosts, [...c.hosts]);
    assert.equal(report.overall.hosts.recall, 1);
    assert.equal(report.overall.hosts.fp, 0);
    assert.deepEqual(
      report.rules.map((r) => r.rule),
      [...c.rules],
    );
  });
}
