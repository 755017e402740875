/**
 * Remote-only attribution: connect calls that name only the remote end (Linux audit connects, shaped as the enricher
 * maps an `auditd_socket_events` row) attribute the flows their host initiated to that end within the window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { OspreyError } from '../../common/errors.js';
import { silentLogger } from '../../common/logger.js';
import { loadStageConfig } from '../../common/stage-kit/stage-config.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput } from '../../schemas/generated/shared.js';
import { buildCorrelator } from '../build.js';
import { correlatorConfig } from '../config.js';
import { flowEvent, host, socketRow, type FlowSpec } from '../testing/events.js';
import { Attributor } from './attributor.js';
import { DEFAULT_ATTRIBUTION, type AttributionConfig } from './config.js';
import { remoteConnectObservation } from './remote-connects.js';

const T0 = 1_700_000_000_000;
const REMOTE = { dstIp: '93.184.216.34', dstPort: 443 };
const web = host('web-1', ['10.0.0.5']);
const db = host('db-1', ['10.0.0.9']);
/** A host known by name only (an audit log's file name): its addresses are unknown. */
const bare: HostInput = { id: null, name: 'audit-host', hostname: null, ip: null };

interface ConnectSpec {
  host: HostInput;
  time: number;
  pid: number;
  exe: string;
  remoteIp?: string;
  remotePort?: number;
  action?: string;
  transport?: string;
}

/** A socket_events connect as the enricher maps an audit one: no local end, no protocol, the caller's executable. */
function connect(spec: ConnectSpec): EnrichedEventInput {
  const remoteIp = spec.remoteIp ?? REMOTE.dstIp;
  const remotePort = spec.remotePort ?? REMOTE.dstPort;
  return {
    id: `connect-${spec.pid}-${spec.time}`,
    timestamp: spec.time,
    event: { kind: 'event', category: ['network'], type: ['connection', 'start'], dataset: 'osquery.socket_events' },
    host: spec.host,
    process: { pid: spec.pid, executable: spec.exe, name: spec.exe.split('/').pop() ?? null },
    destination: { ip: remoteIp, port: remotePort, address: remoteIp },
    network: spec.transport ? { transport: spec.transport } : null,
    osquery: {
      name: 'auditd_socket_events',
      action: 'added',
      counter: 0,
      epoch: 0,
      hostIdentifier: spec.host.name ?? 'host',
      columns: {
        action: spec.action ?? 'connect',
        pid: String(spec.pid),
        path: spec.exe,
        protocol: '',
        local_address: '',
        local_port: '',
        remote_address: remoteIp,
        remote_port: String(remotePort),
      },
      decorations: {},
    },
  };
}

function attributor(overrides: Partial<AttributionConfig> = {}): Attributor {
  return new Attributor({ ...DEFAULT_ATTRIBUTION, maxWaitMs: 3_600_000, ...overrides }, () => T0);
}

const flow = (spec: Partial<FlowSpec> & { time: number }) =>
  flowEvent({ srcIp: '10.0.0.5', srcPort: 50_000, ...REMOTE, ...spec });

test('a flow from the host to the remote end a process connected to is attributed to it, at low confidence', () => {
  const a = attributor();
  a.observeEndpoint(connect({ host: web, time: T0, pid: 29036, exe: '/bin/nc.openbsd' }));
  const out = a.attribute(flow({ time: T0 + 150 }));
  assert.equal(out.result, 'matched_remote_endpoint');
  assert.equal(out.document.process?.pid, 29036);
  assert.equal(out.document.process?.executable, '/bin/nc.openbsd');
  assert.equal(out.document.host?.name, 'web-1');
  assert.equal(out.document.network?.direction, 'egress');
  assert.deepEqual(out.document.tags, ['zeek.conn', 'attributed_by:remote_endpoint', 'attribution_confidence:low']);
  // Another remote port, or a flow towards the host from that end, is not what the call made.
  assert.equal(a.attribute(flow({ time: T0 + 150, dstPort: 80 })).result, 'unmatched');
  const inbound = flow({ time: T0 + 150, srcIp: REMOTE.dstIp, srcPort: 443, dstIp: '10.0.0.5', dstPort: 50_000 });
  assert.equal(a.attribute(inbound).result, 'unmatched');
  assert.deepEqual(
    [a.counters.matchedRemoteEndpoint, a.counters.unmatched, a.counters.matched, a.counters.ambiguous],
    [1, 2, 0, 0],
  );
});

test('the window: a flow exactly remoteConnectWindowMs before or after the call matches, one millisecond more does not', () => {
  const a = attributor({ remoteConnectWindowMs: 5_000 });
  a.observeEndpoint(connect({ host: web, time: T0, pid: 7, exe: '/usr/bin/curl' }));
  assert.equal(a.attribute(flow({ time: T0 + 5_000 })).result, 'matched_remote_endpoint');
  assert.equal(a.attribute(flow({ time: T0 - 5_000 })).result, 'matched_remote_endpoint');
  assert.equal(a.attribute(flow({ time: T0 + 5_001 })).result, 'unmatched');
  assert.equal(a.attribute(flow({ time: T0 - 5_001 })).result, 'unmatched');
});

test('host check: the source must be the calling host when its addresses are known, or owned by no other host', () => {
  const a = attributor();
  a.observeEndpoint(connect({ host: web, time: T0, pid: 7, exe: '/usr/bin/curl' }));
  assert.equal(a.attribute(flow({ time: T0, srcIp: '10.0.0.77' })).result, 'unmatched');
  const b = attributor();
  b.observeHost('db-1-id', db);
  b.observeEndpoint(connect({ host: bare, time: T0, pid: 8, exe: '/usr/bin/wget' }));
  // The caller's addresses are unknown: any source no other host owns can be it; db-1's address cannot.
  const out = b.attribute(flow({ time: T0, srcIp: '10.0.0.77' }));
  assert.equal(out.document.process?.executable, '/usr/bin/wget');
  assert.equal(out.document.host?.name, 'audit-host');
  assert.equal(b.attribute(flow({ time: T0, srcIp: '10.0.0.9' })).result, 'unmatched');
});

test('two processes calling the same remote end within the window: the flow names neither and says so', () => {
  const a = attributor();
  a.observeEndpoint(connect({ host: web, time: T0, pid: 7, exe: '/usr/bin/curl' }));
  a.observeEndpoint(connect({ host: web, time: T0 + 1_000, pid: 7, exe: '/usr/bin/curl' }));
  assert.equal(a.attribute(flow({ time: T0 + 500 })).document.process?.pid, 7, 'one process calling twice is one');
  a.observeEndpoint(connect({ host: web, time: T0 + 2_000, pid: 8, exe: '/usr/bin/wget' }));
  const out = a.attribute(flow({ time: T0 + 1_500 }));
  assert.equal(out.result, 'ambiguous');
  assert.equal(out.match, null);
  assert.equal(out.document.process, null);
  assert.deepEqual(out.document.tags, ['zeek.conn', 'attribution:ambiguous']);
  assert.ok(out.document.enrichment?.missing?.includes('process'));
  // wget's call is outside the window of a flow 6 s before it: curl alone.
  assert.equal(a.attribute(flow({ time: T0 - 4_000 })).document.process?.pid, 7);
  // The same pid having exec'd another program is another process.
  const b = attributor();
  b.observeEndpoint(connect({ host: bare, time: T0, pid: 9, exe: '/bin/sh' }));
  b.observeEndpoint(connect({ host: bare, time: T0, pid: 9, exe: '/usr/bin/curl' }));
  assert.equal(b.attribute(flow({ time: T0 })).result, 'ambiguous');
  assert.deepEqual([a.counters.ambiguous, b.counters.ambiguous], [1, 1]);
});

test('a 5-tuple match wins over a remote-only one', () => {
  const a = attributor();
  a.observeEndpoint(connect({ host: web, time: T0, pid: 8, exe: '/usr/bin/wget' }));
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 7,
      localIp: '10.0.0.5',
      localPort: 50_000,
      remoteIp: REMOTE.dstIp,
      remotePort: 443,
    }),
  );
  const out = a.attribute(flow({ time: T0 }));
  assert.equal(out.result, 'matched');
  assert.equal(out.match?.via, 'five_tuple');
  assert.equal(out.document.process?.pid, 7);
  assert.deepEqual(out.document.tags, ['zeek.conn', 'attributed_by:five_tuple']);
  // Another source port has no socket row: the connect call names wget.
  assert.equal(a.attribute(flow({ time: T0, srcPort: 50_001 })).document.process?.pid, 8);
});

test('only connects without a local port are indexed; a stated transport must be the flow’s', () => {
  assert.equal(remoteConnectObservation(connect({ host: web, time: T0, pid: 1, exe: '/x', action: 'accept' })), null);
  assert.equal(
    remoteConnectObservation(connect({ host: web, time: T0, pid: 1, exe: '/x', remoteIp: '0.0.0.0' })),
    null,
  );
  const full = socketRow({
    host: web,
    time: T0,
    pid: 1,
    localIp: '10.0.0.5',
    localPort: 5,
    remoteIp: '1.2.3.4',
    remotePort: 443,
  });
  assert.equal(remoteConnectObservation(full), null);
  const a = attributor();
  a.observeEndpoint(connect({ host: web, time: T0, pid: 53, exe: '/usr/bin/dig', transport: 'udp' }));
  assert.equal(a.attribute(flow({ time: T0 })).result, 'unmatched');
  assert.equal(a.attribute(flow({ time: T0, transport: 'udp' })).document.process?.pid, 53);
});

test('state is bounded: calls past the TTL are evicted', () => {
  const a = attributor({ stateTtlMs: 60_000, allowedLatenessMs: 0 });
  a.observeEndpoint(connect({ host: web, time: T0, pid: 7, exe: '/usr/bin/curl' }));
  assert.equal(a.remoteConnects.size, 1);
  a.observeEndpoint(connect({ host: web, time: T0 + 120_000, pid: 8, exe: '/usr/bin/wget', remotePort: 80 }));
  a.evict();
  assert.equal(a.remoteConnects.size, 1);
  assert.equal(a.attribute(flow({ time: T0 })).result, 'unmatched');
});

test('outcomes are counted in osprey_correlator_flows_attributed_total by result', async () => {
  const registry = new Registry();
  const { stage } = buildCorrelator({
    attribution: { ...DEFAULT_ATTRIBUTION, maxWaitMs: 3_600_000 },
    rules: { builtin: false, dirs: [] },
    registry,
    log: silentLogger(),
    now: () => T0,
  });
  await stage.process([
    { schema: 'enriched_event', value: connect({ host: web, time: T0, pid: 7, exe: '/usr/bin/curl' }) },
    { schema: 'enriched_event', value: connect({ host: web, time: T0, pid: 8, exe: '/usr/bin/wget', remotePort: 80 }) },
    { schema: 'enriched_event', value: connect({ host: web, time: T0, pid: 9, exe: '/usr/bin/nc', remotePort: 80 }) },
    { schema: 'network_event', value: flow({ time: T0 }) },
    { schema: 'network_event', value: flow({ time: T0, dstPort: 80 }) },
    { schema: 'network_event', value: flow({ time: T0, dstPort: 22 }) },
  ]);
  await stage.close();
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'osprey_correlator_flows_attributed_total');
  const byResult = Object.fromEntries((metric?.values ?? []).map((v) => [v.labels.result, v.value]));
  assert.deepEqual(byResult, { matched_remote_endpoint: 1, ambiguous: 1, unmatched: 1 });
});

test('remoteConnectWindowMs defaults to 5 s and is validated with the rest of the config, errors by path', (t) => {
  assert.equal(correlatorConfig.parse({}).attribution.remoteConnectWindowMs, 5_000);
  const dir = mkdtempSync(join(tmpdir(), 'osprey-remote-connects-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'correlator.yml');
  writeFileSync(file, 'attribution: { remoteConnectWindowMs: -1 }\n');
  assert.throws(
    () => loadStageConfig(correlatorConfig, file),
    (err: unknown) => err instanceof OspreyError && err.message.includes(`${file}: attribution.remoteConnectWindowMs:`),
  );
});
