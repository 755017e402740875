import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../load-rules.js';
import type { CorrelatorEvent, Detector } from '../rules/types.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { intervalStats } from './beaconing.js';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const T0 = 1_700_000_000_000;
let n = 0;

function one(yamlText: string): Detector {
  const { detectors, errors } = loadRuleFile('anomalies.yml', yamlText);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
  );
  return detectors[0] as Detector;
}

function flow(time: number, exe: string, dst: string, port = 443, hostId = 'h1', pid = 10): CorrelatorEvent {
  const doc: EnrichedEventInput = {
    id: `f${++n}`,
    timestamp: time,
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'osprey.flow' },
    host: { id: hostId, name: hostId },
    process: { pid, executable: exe, name: exe.split('/').pop() ?? null },
    destination: { ip: dst, port },
  };
  return { kind: 'network', doc };
}

test('new_terms: a process→destination pair first seen after the learning period alerts once', () => {
  const d = one('type: new_terms\nid: nt\nname: new destination\nlearning_period: 1h\n');
  assert.equal(d.onEvent(flow(T0, '/usr/bin/curl', '1.1.1.1')).length, 0, 'learning');
  assert.equal(d.onEvent(flow(T0 + 30 * 60_000, '/usr/bin/ssh', '2.2.2.2')).length, 0, 'still learning');
  assert.equal(d.onEvent(flow(T0 + 2 * 3_600_000, '/usr/bin/curl', '1.1.1.1')).length, 0, 'known pair');
  const [alert] = d.onEvent(flow(T0 + 2 * 3_600_000, '/usr/bin/curl', '6.6.6.6'));
  assert.equal(alert?.rule.type, 'new_terms');
  assert.match(alert?.message ?? '', /destination\.ip=6\.6\.6\.6/);
  assert.equal(d.onEvent(flow(T0 + 3 * 3_600_000, '/usr/bin/curl', '6.6.6.6')).length, 0, 'now known');
  // Another host has its own history (and its own learning period).
  assert.equal(d.onEvent(flow(T0 + 3 * 3_600_000, '/usr/bin/curl', '6.6.6.6', 443, 'h2')).length, 0);
});

test('new_listener: a port a host never listened on', () => {
  const d = one('type: new_listener\nid: nl\nname: new listener\nlearning_period: 10m\n');
  const listen = (t: number, port: number): CorrelatorEvent => ({
    kind: 'endpoint',
    doc: {
      id: `l${++n}`,
      timestamp: t,
      event: { kind: 'state', category: ['network'], type: ['start'], dataset: 'osquery.listening_ports' },
      host: { id: 'h1' },
      process: { pid: 5, executable: '/usr/sbin/sshd' },
      network: { transport: 'tcp' },
      destination: { ip: null, port, address: '0.0.0.0' },
    },
  });
  assert.equal(d.onEvent(listen(T0, 22)).length, 0);
  assert.equal(d.onEvent(listen(T0 + 20 * 60_000, 22)).length, 0);
  const [alert] = d.onEvent(listen(T0 + 20 * 60_000, 4444));
  assert.equal(alert?.rule.type, 'new_listener');
  assert.match(alert?.message ?? '', /destination\.port=4444/);
});

test('beaconing: regular connections with low jitter alert; irregular ones do not', () => {
  const d = one('type: beaconing\nid: b\nname: beacon\nmin_connections: 6\nmax_jitter: 0.1\nmin_interval: 1s\n');
  const jitter = [0, 300, -200, 100, -400, 200];
  const out = jitter.flatMap((j, i) => d.onEvent(flow(T0 + i * 60_000 + j, '/tmp/implant', '203.0.113.9')));
  assert.equal(out.length, 1);
  assert.equal(out[0]?.evidence?.length, 6);
  assert.match(out[0]?.message ?? '', /every 60\.0s/);
  const human = [0, 2_000, 9_000, 60_000, 61_000, 400_000];
  assert.equal(human.flatMap((t) => d.onEvent(flow(T0 + t, '/usr/bin/firefox', '198.51.100.1'))).length, 0);
  assert.ok(intervalStats([0, 1000, 2000, 3000])?.cv === 0);
  assert.equal(intervalStats([0, 1]), null);
});

test('beaconing: a connection reported by two sensors counts once', () => {
  const d = one('type: beaconing\nid: b2\nname: beacon\nmin_connections: 4\nmax_jitter: 0.05\n');
  const out = [0, 0, 10_000, 10_000, 20_000, 30_000].flatMap((t) => d.onEvent(flow(T0 + t, '/x', '1.1.1.1')));
  assert.equal(out.length, 1);
  assert.equal(out[0]?.evidence?.length, 4);
});

test('suspicious_path: network use by a deleted binary or one in a world-writable directory', () => {
  const d = one('type: suspicious_path\nid: sp\nname: bad path\n');
  assert.equal(d.onEvent(flow(T0, '/tmp/.x/miner', '1.1.1.1')).length, 1);
  assert.equal(d.onEvent(flow(T0 + 1, '/tmp/.x/miner', '1.1.1.1')).length, 0, 'suppressed per process');
  assert.equal(d.onEvent(flow(T0, '/usr/bin/curl', '1.1.1.1', 443, 'h1', 11)).length, 0);
  assert.match(
    d.onEvent(flow(T0, '/usr/bin/x (deleted)', '1.1.1.1', 443, 'h1', 12))[0]?.message ?? '',
    /binary was deleted/,
  );
  // Deleted as reported by the processes table (on_disk = 0), then on the network.
  d.onEvent({
    kind: 'endpoint',
    doc: {
      id: 'p',
      timestamp: T0,
      event: { kind: 'state', category: ['process'], type: ['info'], dataset: 'osquery.processes' },
      host: { id: 'h1' },
      process: { pid: 13, executable: '/usr/local/bin/agent' },
      osquery: {
        name: 'processes',
        action: 'added',
        counter: 0,
        epoch: 0,
        hostIdentifier: 'h1',
        columns: { on_disk: '0' },
        decorations: {},
      },
    },
  });
  assert.equal(d.onEvent(flow(T0 + 5, '/usr/local/bin/agent', '1.1.1.1', 443, 'h1', 13)).length, 1);
});

test('rare_process: a binary on one host of a large enough fleet, after the learning period', () => {
  const d = one('type: rare_process\nid: rp\nname: rare\nmax_hosts: 1\nmin_fleet_hosts: 5\nlearning_period: 1h\n');
  const start = (t: number, hostId: string, exe: string): CorrelatorEvent => ({
    kind: 'endpoint',
    doc: {
      id: `s${++n}`,
      timestamp: t,
      event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'osquery.process_events' },
      host: { id: hostId },
      process: { pid: 1, executable: exe },
    },
  });
  for (let h = 0; h < 6; h++) assert.equal(d.onEvent(start(T0, `h${h}`, '/usr/bin/bash')).length, 0);
  assert.equal(d.onEvent(start(T0 + 10, 'h0', '/opt/rare-early')).length, 0, 'learning period');
  const [alert] = d.onEvent(start(T0 + 2 * 3_600_000, 'h3', '/dev/shm/x'));
  assert.equal(alert?.rule.type, 'rare_process');
  assert.match(alert?.message ?? '', /run on 1 of 6 hosts/);
  assert.equal(d.onEvent(start(T0 + 2 * 3_600_000, 'h3', '/dev/shm/x')).length, 0, 'once per host');
  assert.equal(d.onEvent(start(T0 + 2 * 3_600_000, 'h4', '/dev/shm/x')).length, 0, 'on two hosts it is no longer rare');
  assert.equal(d.onEvent(start(T0 + 2 * 3_600_000, 'h5', '/usr/bin/bash')).length, 0);
});

test('new_terms history survives a restart: no second learning period, known terms stay known', (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'osprey-history-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const rule = 'type: new_terms\nid: nt-persist\nname: new destination\nlearning_period: 1h\n';
  const load = () => {
    const { detectors, errors } = loadRuleFile(join(stateDir, 'rules.yml'), rule, stateDir);
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
    return detectors[0] as Detector;
  };
  const first = load();
  first.onEvent(flow(T0, '/usr/bin/curl', '1.1.1.1'));
  first.close?.();
  const file = join(stateDir, 'first-seen-nt-persist.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const second = load();
  assert.equal(second.onEvent(flow(T0 + 2 * 3_600_000, '/usr/bin/curl', '1.1.1.1')).length, 0, 'known from the file');
  assert.equal(
    second.onEvent(flow(T0 + 2 * 3_600_000, '/usr/bin/curl', '6.6.6.6')).length,
    1,
    'past the learning period already',
  );
  writeFileSync(file, '{broken');
  const broken = loadRuleFile(join(stateDir, 'rules.yml'), rule, stateDir);
  assert.equal(broken.detectors.length, 0);
  assert.match(broken.errors[0]?.message ?? '', /first-seen-nt-persist\.json is unreadable.*move it away/);
});
