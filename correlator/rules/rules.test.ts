import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { loadRuleDirectory, loadRuleFile } from '../load-rules.js';
import { fromRoot } from '../../common/paths.js';
import type { CorrelatorEvent, Detector } from './types.js';

const T0 = 1_700_000_000_000;

function one(yamlText: string): Detector {
  const { detectors, errors } = loadRuleFile('test.yml', yamlText);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
  );
  assert.equal(detectors.length, 1);
  return detectors[0] as Detector;
}

let n = 0;
function ev(
  time: number,
  fields: Partial<EnrichedEventInput> & { dataset?: string; category?: string; type?: string },
): CorrelatorEvent {
  const { dataset, category, type, ...rest } = fields;
  return {
    kind: dataset === 'osprey.flow' ? 'network' : 'endpoint',
    doc: {
      id: `e${++n}`,
      timestamp: time,
      event: {
        kind: 'event',
        category: [category ?? 'process'],
        type: [type ?? 'start'],
        dataset: dataset ?? 'osquery.process_events',
      },
      host: { id: 'h1', name: 'web-1' },
      ...rest,
    },
  };
}

const SEQUENCE = `
type: sequence
id: seq-1
name: curl then shell connection
severity: critical
mitre: [T1105]
by: [host.id]
maxspan: 1m
steps:
  - where: { event.category: process, process.name: curl }
  - where: { event.dataset: osprey.flow, process.name: bash }
until: { event.category: process, process.name: logout }
suppress: 10m
`;

test('sequence: steps in order within maxspan fire once per key with the evidence; out of order or too slow does not', () => {
  const d = one(SEQUENCE);
  const curl = ev(T0, { process: { pid: 1, name: 'curl' } });
  const bash = ev(T0 + 30_000, {
    dataset: 'osprey.flow',
    category: 'network',
    process: { pid: 2, name: 'bash' },
    destination: { ip: '1.2.3.4', port: 80 },
  });
  assert.deepEqual(d.onEvent(bash), [], 'second step alone');
  assert.deepEqual(d.onEvent(curl), []);
  const [alert] = d.onEvent({ ...bash, doc: { ...bash.doc, id: 'bash-2', timestamp: T0 + 40_000 } });
  assert.ok(alert);
  assert.equal(alert.rule.type, 'sequence');
  assert.equal(alert.severity, 'critical');
  assert.deepEqual(alert.rule.mitre_techniques, ['T1105']);
  assert.deepEqual(
    (alert.evidence ?? []).map((e) => e.id),
    [curl.doc.id, 'bash-2'],
  );
  assert.equal(alert.process?.name, 'bash');
  assert.equal(alert.group_key, 'h1');
  // Too slow: more than maxspan between the first and last step.
  const d2 = one(SEQUENCE);
  d2.onEvent(curl);
  assert.deepEqual(d2.onEvent({ ...bash, doc: { ...bash.doc, timestamp: T0 + 61_000 } }), []);
  // until cancels the partial sequence.
  const d3 = one(SEQUENCE);
  d3.onEvent(curl);
  d3.onEvent(ev(T0 + 1_000, { process: { name: 'logout' } }));
  assert.deepEqual(d3.onEvent(bash), []);
});

test('sequence: per-key suppression and deterministic alert ids', () => {
  const d = one(SEQUENCE);
  const run = (t: number) => {
    d.onEvent(ev(t, { process: { name: 'curl' } }));
    return d.onEvent(ev(t + 1_000, { dataset: 'osprey.flow', category: 'network', process: { name: 'bash' } }));
  };
  const first = run(T0);
  assert.equal(first.length, 1);
  assert.equal(run(T0 + 60_000).length, 0, 'suppressed for 10m');
  assert.equal(run(T0 + 11 * 60_000).length, 1);
  const again = one(SEQUENCE);
  again.onEvent(ev(T0, { process: { name: 'curl' } }));
  assert.equal(
    again.onEvent(ev(T0 + 1_000, { dataset: 'osprey.flow', category: 'network', process: { name: 'bash' } }))[0]?.id,
    first[0]?.id,
  );
});

test('temporal: all steps within the timespan in any order', () => {
  const d = one(`
type: temporal
id: tmp-1
name: cron write and listener
by: [host.id]
timespan: 10m
steps:
  - where: { event.category: file, file.path|startswith: /etc/cron }
  - where: { event.dataset: osquery.listening_ports }
`);
  assert.deepEqual(d.onEvent(ev(T0, { dataset: 'osquery.listening_ports', category: 'network' })), []);
  const [alert] = d.onEvent(
    ev(T0 + 60_000, {
      dataset: 'osquery.file_events',
      category: 'file',
      type: 'creation',
      file: { path: '/etc/cron.d/x' },
    }),
  );
  assert.equal(alert?.evidence?.length, 2);
  assert.equal(alert?.evidence[0]?.dataset, 'osquery.listening_ports');
  const late = one(`
type: temporal
id: tmp-2
name: t
by: [host.id]
timespan: 1m
steps:
  - where: { event.category: file }
  - where: { event.dataset: osquery.listening_ports }
`);
  late.onEvent(ev(T0, { dataset: 'osquery.listening_ports', category: 'network' }));
  assert.deepEqual(late.onEvent(ev(T0 + 120_000, { category: 'file' })), []);
});

test('event_count: a sliding window per group, state bounded by the threshold', () => {
  const d = one(`
type: event_count
id: cnt-1
name: many failed connections
where: { event.dataset: osprey.flow }
group_by: [source.ip]
timespan: 10s
condition: { gte: 3 }
`);
  const flow = (t: number, ip = '10.0.0.1') => ev(t, { dataset: 'osprey.flow', category: 'network', source: { ip } });
  assert.equal(d.onEvent(flow(T0)).length, 0);
  assert.equal(d.onEvent(flow(T0 + 9_000)).length, 0);
  assert.equal(d.onEvent(flow(T0 + 12_000, '10.0.0.2')).length, 0, 'another group');
  // Sliding: at T0+15s the event at T0 has left the window, so only two count.
  assert.equal(d.onEvent(flow(T0 + 15_000)).length, 0);
  const [alert] = d.onEvent(flow(T0 + 16_000));
  assert.equal(alert?.evidence?.length, 3);
  assert.equal(alert?.group_key, '10.0.0.1');
  d.evict(T0 + 1_000_000);
  assert.equal(d.stateSize(), 0);
});

test('value_count: distinct values of a field in a sliding window', () => {
  const d = one(`
type: value_count
id: vc-1
name: port scan
where: { event.dataset: osprey.flow }
group_by: [source.ip]
field: destination.port
timespan: 1m
condition: { gt: 3 }
`);
  const flow = (t: number, port: number) =>
    ev(t, {
      dataset: 'osprey.flow',
      category: 'network',
      source: { ip: '10.0.0.1' },
      destination: { ip: '10.0.0.9', port },
    });
  for (const [i, port] of [22, 22, 80, 443].entries()) assert.equal(d.onEvent(flow(T0 + i, port)).length, 0);
  const [alert] = d.onEvent(flow(T0 + 10, 8080));
  assert.equal(alert?.rule.type, 'value_count');
  assert.equal(alert?.evidence?.length, 4);
});

test('ids: a Suricata alert names the process, user, binary hash and host', () => {
  const d = one('type: ids\nid: ids-1\nname: IDS attribution\n');
  const doc: EnrichedEventInput = {
    id: 'net-1',
    timestamp: T0,
    event: { kind: 'alert', category: ['network', 'intrusion_detection'], type: ['allowed'], dataset: 'osprey.flow' },
    host: { id: 'h1', name: 'web-1' },
    process: { pid: 4242, executable: '/usr/bin/curl', hash: { sha256: 'cd'.repeat(32) } },
    user: { name: 'alice' },
  };
  const flow = {
    id: 'net-1',
    timestamp: T0,
    observer: { type: 'suricata', name: 's1' },
    event: { kind: 'alert', category: ['network'], type: ['allowed'], dataset: 'suricata.alert' },
    alert: { signature: 'ET POLICY curl User-Agent', signature_id: 2013028, severity: 1, category: 'Policy' },
    raw: '{"event_type":"alert"}',
  };
  const [alert] = d.onEvent({ kind: 'network', doc, flow });
  assert.ok(alert);
  assert.equal(alert.severity, 'high');
  assert.equal(alert.process?.executable, '/usr/bin/curl');
  assert.equal(alert.user?.name, 'alice');
  assert.equal(alert.host?.name, 'web-1');
  assert.match(
    alert.message,
    /ET POLICY curl User-Agent.*\/usr\/bin\/curl \(pid 4242, user alice\) on web-1.*sha256 c/,
  );
  assert.equal(alert.evidence?.[0]?.kind, 'network');
  assert.equal(alert.evidence?.[0]?.document, '{"event_type":"alert"}');
  assert.deepEqual(
    d.onEvent({
      kind: 'network',
      doc: { ...doc, event: { ...doc.event, kind: 'event' } },
      flow: { ...flow, alert: null },
    }),
    [],
  );
});

test('bad rule documents are errors naming the file, document and problem; good ones in the same file load', () => {
  const { detectors, errors } = loadRuleFile(
    'rules.yml',
    `
type: nope
id: a
name: a
---
type: event_count
id: b
name: b
timespan: 1m
condition: { lt: 3 }
---
type: sequence
id: c
name: c
maxspan: forever
steps: [ { where: {} }, { where: {} } ]
---
type: ids
id: d
name: d
`,
  );
  assert.equal(detectors.length, 1);
  assert.match(errors[0]?.message ?? '', /^rules\.yml \(document 1\): "type" must be one of ids, sigma/);
  assert.match(errors[1]?.message ?? '', /document 2.*Rule b: condition operator "lt" is not supported on a stream/);
  assert.match(errors[2]?.message ?? '', /document 3.*"maxspan" must be a duration/);
});

test('the built-in rules all load', () => {
  const { detectors, errors } = loadRuleDirectory(fromRoot('correlator/rules/builtin'));
  assert.deepEqual(errors, []);
  const types = new Set(detectors.map((d) => d.meta.type));
  for (const t of [
    'ids',
    'sigma',
    'sequence',
    'temporal',
    'event_count',
    'value_count',
    'new_terms',
    'new_listener',
    'beaconing',
    'suspicious_path',
    'rare_process',
  ]) {
    assert.ok(types.has(t), t);
  }
});
