/**
 * The quality report on hand-checkable inputs: labels in both formats, TP/FP by flow and by host, precision, recall
 * and time to first alert computed from a few flows and alerts whose answers are worked out in the comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { silentLogger } from '../../common/logger.js';
import type { AlertInput } from '../../schemas/generated/alert.js';
import { flowKey, isMalicious, loadLabels } from './labels.js';
import { qualityReport, qualityTable } from './quality.js';
import { runReplay, type FlowFacts } from './replay.js';
import { loadRecords } from './stream.js';

/** `id time src dst port [process]`, e.g. `m1 1000 10.0.0.66 1.1.1.1 22`: flow facts in one readable line. */
function flow(spec: string): FlowFacts {
  const [id = '', time = '0', srcIp = '', dstIp = '', dstPort = '0', process] = spec.split(' ');
  return {
    id,
    time: Number(time),
    srcIp,
    srcPort: 40000,
    dstIp,
    dstPort: Number(dstPort),
    process: process === 'process',
  };
}

function alert(rule: string, time: number, evidence: string[], sourceIp: string | null = null): AlertInput {
  return {
    id: `${rule}-${time}`,
    timestamp: time,
    rule: { id: rule, name: rule, type: 'value_count' },
    severity: 'medium',
    risk_score: 47,
    message: rule,
    source: sourceIp ? { ip: sourceIp } : null,
    evidence: evidence.map((id) => ({ id, kind: 'network', timestamp: time, document: '{}' })),
  } as AlertInput;
}

test('JSON labels: a flow matches when every field an entry gives matches', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-labels-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'labels.json');
  writeFileSync(
    file,
    JSON.stringify({ malicious: [{ src: '10.0.0.5', port: 4444, from: '2024-01-01T00:00:00Z', to: 1704067260 }] }),
  );
  const labels = loadLabels(file);
  const at = Date.parse('2024-01-01T00:00:30Z');
  assert.equal(isMalicious(labels, flow(`a ${at} 10.0.0.5 1.2.3.4 4444`)), true);
  assert.equal(isMalicious(labels, flow(`b ${at} 10.0.0.5 1.2.3.4 443`)), false, 'other port');
  assert.equal(isMalicious(labels, flow(`c ${at + 60_000} 10.0.0.5 1.2.3.4 4444`)), false, 'after `to`');
  assert.equal(isMalicious(labels, flow(`d ${at} 10.0.0.6 1.2.3.4 4444`)), false, 'other source');
});

test('Stratosphere per-flow labels in a Zeek log name exactly the rows labelled Malicious', async () => {
  const labels = loadLabels(fromRoot('cli/replay/fixtures/horizontal-labelled-conn.log'));
  // The fixture labels the 30 flows of 10.0.2.112 to port 80 (PROVENANCE.md); a few share a 5-tuple and time.
  assert.ok(labels.flowKeys.size > 0 && labels.flowKeys.size <= 30);
  const records = (await loadRecords([fromRoot('cli/replay/fixtures/horizontal-labelled-conn.log')], 'replay')).records;
  const port80 = records.filter(
    (r) =>
      r.input.kind === 'network' && r.input.value.destination?.port === 80 && r.input.value.source?.ip === '10.0.2.112',
  );
  for (const r of port80) {
    if (r.input.kind !== 'network') continue;
    const e = r.input.value;
    assert.ok(
      labels.flowKeys.has(
        flowKey({
          time: e.timestamp,
          srcIp: e.source?.ip ?? null,
          srcPort: e.source?.port ?? null,
          dstIp: e.destination?.ip ?? null,
          dstPort: e.destination?.port ?? null,
        }),
      ),
    );
  }
  assert.equal(port80.length, 30);
});

test('per rule and overall: TP/FP by flow and host, precision, recall, time to first alert', () => {
  // Malicious: everything from 10.0.0.66 (flows m1 at 1000 ms, m2, m3). Benign: b1 from 10.0.0.7, b2 from 10.0.0.8.
  const flows = [
    flow('m1 1000 10.0.0.66 1.1.1.1 22'),
    flow('m2 2000 10.0.0.66 1.1.1.2 22 process'),
    flow('m3 3000 10.0.0.66 1.1.1.3 22'),
    flow('b1 1500 10.0.0.7 8.8.8.8 53'),
    flow('b2 2500 10.0.0.8 8.8.4.4 53'),
  ];
  const labels = { entries: [{ src: '10.0.0.66' }], flowKeys: new Set<string>() };
  const alerts = [
    alert('scan', 4_000, ['m1', 'm2']), // 2 TP flows, host 10.0.0.66 (TP), 3 s after m1
    alert('scan', 5_000, ['b1']), // 1 FP flow, host 10.0.0.7 (FP)
    alert('beacon', 9_000, ['b2']), // FP flow and host 10.0.0.8
  ];
  const report = qualityReport(flows, alerts, labels);
  assert.equal(report.maliciousFlows, 3);
  assert.deepEqual(report.maliciousHosts, ['10.0.0.66']);
  assert.equal(report.flowsAttributedToProcess, 1);
  assert.equal(report.maliciousFlowsAttributedToProcess, 1);
  const scan = report.rules.find((r) => r.rule === 'scan');
  assert.deepEqual(scan, {
    rule: 'scan',
    alerts: 2,
    flows: { tp: 2, fp: 1, precision: 2 / 3, recall: 2 / 3 },
    hosts: { tp: 1, fp: 1, precision: 0.5, recall: 1 },
    timeToFirstAlertMs: 3_000,
  });
  const beacon = report.rules.find((r) => r.rule === 'beacon');
  assert.deepEqual(beacon?.hosts, { tp: 0, fp: 1, precision: 0, recall: 0 });
  assert.equal(beacon?.timeToFirstAlertMs, null);
  assert.deepEqual(report.overall.hosts, { tp: 1, fp: 2, precision: 1 / 3, recall: 1 });
  assert.equal(report.overall.alerts, 3);
  const table = qualityTable(report);
  assert.match(table, /^rule\s+alerts/);
  assert.match(table, /overall\s+3\s+2\s+2\s+0\.500\s+0\.667\s+1\s+2\s+0\.333\s+1\.000\s+3\.0s/);
});

test('a replay of the vertical port scan scored with its labels', async () => {
  const loaded = await loadRecords([fromRoot('sensors/parsers/fixtures/vertical-conn.log')], 'replay');
  const outcome = await runReplay({ records: loaded.records, storeDir: null, log: silentLogger() });
  const report = qualityReport(
    outcome.flows,
    outcome.alerts,
    loadLabels(fromRoot('cli/replay/fixtures/vertical.labels.json')),
  );
  assert.equal(report.flows, 50);
  // The scan's flows, counted in the file itself: 46 of the 50 go from 192.168.1.9 to 45.33.32.156.
  const text = readFileSync(fromRoot('sensors/parsers/fixtures/vertical-conn.log'), 'utf8');
  assert.equal(
    report.maliciousFlows,
    text.match(/"id\.orig_h":"192\.168\.1\.9","id\.orig_p":\d+,"id\.resp_h":"45\.33\.32\.156"/g)?.length,
  );
  assert.deepEqual(report.maliciousHosts, ['192.168.1.9']);
  assert.equal(report.overall.hosts.recall, 1);
});
