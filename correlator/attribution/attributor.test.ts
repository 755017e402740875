import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attributor } from './attributor.js';
import { DEFAULT_ATTRIBUTION, type AttributionConfig } from './config.js';
import { canonicalIp } from './ip.js';
import { flowEvent, host, processEvent, socketRow } from '../testing/events.js';

const T0 = 1_700_000_000_000;
const web = host('web-1', ['10.0.0.5']);
const db = host('db-1', ['10.0.0.9']);
const curl = {
  pid: 4242,
  name: 'curl',
  executable: '/usr/bin/curl',
  hash: { sha256: 'ab'.repeat(32) },
  user: { id: '1000', name: 'alice' },
};

function attributor(overrides: Partial<AttributionConfig> = {}, clock = { now: T0 }) {
  return new Attributor({ ...DEFAULT_ATTRIBUTION, maxWaitMs: 3_600_000, ...overrides }, () => clock.now);
}

test('a flow is joined to the process that owned its 5-tuple, with user, binary hash and host', () => {
  const a = attributor();
  a.observeEndpoint(processEvent({ host: web, time: T0, process: curl, user: { id: '1000', name: 'alice' } }));
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0 + 1_000,
      pid: 4242,
      localIp: '10.0.0.5',
      localPort: 50_000,
      remoteIp: '93.184.216.34',
      remotePort: 443,
    }),
  );
  const ready = a.addFlow(
    flowEvent({ time: T0 + 500, srcIp: '10.0.0.5', srcPort: 50_000, dstIp: '93.184.216.34', dstPort: 443 }),
  );
  assert.equal(ready.length, 0, 'waits for the endpoint watermark');
  a.observeEndpoint(processEvent({ host: web, time: T0 + 20_000, process: { pid: 1, name: 'init' } }));
  const [out] = a.drainReady();
  assert.ok(out);
  assert.equal(out.document.process?.executable, '/usr/bin/curl');
  assert.equal(out.document.process?.pid, 4242);
  assert.equal(out.document.user?.name, 'alice');
  assert.equal(out.document.file?.hash?.sha256, 'ab'.repeat(32));
  assert.equal(out.document.host?.name, 'web-1');
  assert.equal(out.document.event.dataset, 'osprey.flow');
  assert.equal(out.document.network?.direction, 'egress');
  assert.deepEqual(out.document.enrichment?.missing, []);
  assert.equal(a.counters.matched, 1);
});

test('a socket row that arrives after its flow (out of order, within the lateness) still attributes it', () => {
  const a = attributor({ allowedLatenessMs: 10_000 });
  a.observeEndpoint(processEvent({ host: web, time: T0, process: curl }));
  assert.deepEqual(
    a.addFlow(
      flowEvent({
        time: T0 + 2_000,
        srcIp: '10.0.0.5',
        srcPort: 50_001,
        dstIp: '1.1.1.1',
        dstPort: 53,
        transport: 'udp',
      }),
    ),
    [],
  );
  // Newer endpoint events than the flow, but not newer than flow + skew + lateness: the flow keeps waiting.
  a.observeEndpoint(processEvent({ host: web, time: T0 + 12_000, process: { pid: 2 } }));
  assert.equal(a.drainReady().length, 0);
  // The socket row comes late and out of order (its time is before the newest endpoint event).
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0 + 3_000,
      pid: 4242,
      transport: 'udp',
      localIp: '10.0.0.5',
      localPort: 50_001,
      remoteIp: '1.1.1.1',
      remotePort: 53,
    }),
  );
  a.observeEndpoint(processEvent({ host: web, time: T0 + 30_000, process: { pid: 3 } }));
  const [out] = a.drainReady();
  assert.equal(out?.document.process?.executable, '/usr/bin/curl');
  assert.equal(a.counters.lateEndpointEvents, 0);
});

test('an endpoint event later than the allowed lateness misses its flow and is counted as late', () => {
  const a = attributor({ allowedLatenessMs: 1_000, matchWindowMs: 5_000 });
  a.addFlow(flowEvent({ time: T0, srcIp: '10.0.0.5', srcPort: 50_002, dstIp: '8.8.8.8', dstPort: 443 }));
  a.observeEndpoint(processEvent({ host: web, time: T0 + 60_000, process: { pid: 1 } }));
  const [out] = a.drainReady();
  assert.equal(out?.match, null);
  assert.deepEqual(out?.document.enrichment?.missing, ['process']);
  assert.equal(out?.document.host?.name, 'web-1', 'the host is still known by its address');
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 4242,
      localIp: '10.0.0.5',
      localPort: 50_002,
      remoteIp: '8.8.8.8',
      remotePort: 443,
    }),
  );
  assert.equal(a.counters.lateEndpointEvents, 1);
});

test('inbound flows to a listener are attributed to the listening process, on the host that owns the address', () => {
  const a = attributor();
  const postgres = { pid: 77, name: 'postgres', executable: '/usr/lib/postgresql/15/bin/postgres' };
  a.observeEndpoint(
    socketRow({
      host: db,
      table: 'listening_ports',
      time: T0,
      pid: 77,
      localIp: '0.0.0.0',
      localPort: 5432,
      process: postgres,
    }),
  );
  a.observeEndpoint(
    socketRow({
      host: web,
      table: 'listening_ports',
      time: T0,
      pid: 99,
      localIp: '0.0.0.0',
      localPort: 5432,
      process: { pid: 99, executable: '/opt/other' },
    }),
  );
  a.addFlow(flowEvent({ time: T0 + 100, srcIp: '10.0.0.5', srcPort: 40_000, dstIp: '10.0.0.9', dstPort: 5432 }));
  a.observeEndpoint(processEvent({ host: db, time: T0 + 60_000, process: { pid: 1 } }));
  const [out] = a.drainReady();
  assert.equal(out?.document.process?.executable, '/usr/lib/postgresql/15/bin/postgres');
  assert.equal(out?.document.host?.name, 'db-1');
  assert.equal(out?.document.network?.direction, 'ingress');
  assert.equal(out?.match?.via, 'listener');
});

test('clock skew: a flow stamped slightly before the socket was first seen matches; far outside does not', () => {
  const a = attributor({ matchWindowMs: 1_000, clockSkewMs: 2_000 });
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0 + 10_000,
      pid: 5,
      localIp: '10.0.0.5',
      localPort: 1,
      remoteIp: '9.9.9.9',
      remotePort: 2,
      process: { ...curl, pid: 5 },
    }),
  );
  const near = a.attribute(
    flowEvent({ time: T0 + 7_500, srcIp: '10.0.0.5', srcPort: 1, dstIp: '9.9.9.9', dstPort: 2 }),
  );
  const far = a.attribute(flowEvent({ time: T0 + 5_000, srcIp: '10.0.0.5', srcPort: 1, dstIp: '9.9.9.9', dstPort: 2 }));
  assert.equal(near.match?.entry.pid, 5);
  assert.equal(far.match, null);
});

test('a closed socket does not claim flows after it closed; addresses match whatever their spelling', () => {
  const a = attributor({ matchWindowMs: 60_000, clockSkewMs: 0 });
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 5,
      localIp: '::ffff:10.0.0.5',
      localPort: 1,
      remoteIp: '::ffff:10.0.0.7',
      remotePort: 2,
      process: { ...curl, pid: 5 },
    }),
  );
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0 + 1_000,
      pid: 5,
      localIp: '10.0.0.5',
      localPort: 1,
      remoteIp: '10.0.0.7',
      remotePort: 2,
      action: 'removed',
    }),
  );
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 6,
      localIp: 'fe80::5',
      localPort: 3,
      remoteIp: 'fe80::1',
      remotePort: 4,
      process: { ...curl, pid: 6 },
    }),
  );
  const during = a.attribute(
    flowEvent({ time: T0 + 500, srcIp: '10.0.0.5', srcPort: 1, dstIp: '10.0.0.7', dstPort: 2 }),
  );
  const after = a.attribute(
    flowEvent({ time: T0 + 5_000, srcIp: '10.0.0.5', srcPort: 1, dstIp: '10.0.0.7', dstPort: 2 }),
  );
  const v6 = a.attribute(
    flowEvent({
      time: T0,
      srcIp: 'FE80:0000:0000:0000:0000:0000:0000:0005',
      srcPort: 3,
      dstIp: 'fe80:0:0:0:0:0:0:1',
      dstPort: 4,
    }),
  );
  assert.equal(v6.match?.entry.pid, 6);
  assert.equal(during.match?.entry.pid, 5);
  assert.equal(after.match, null);
  assert.equal(canonicalIp('FE80:0:0:0:0:0:0:1'), 'fe80::1');
});

test('the wall-clock bound and the cap release flows when the endpoint stream is silent', () => {
  const clock = { now: T0 };
  const a = attributor({ maxWaitMs: 1_000, maxPendingFlows: 2 }, clock);
  for (let i = 0; i < 3; i++)
    a.addFlow(flowEvent({ time: T0 + i, srcIp: '10.0.0.5', srcPort: i, dstIp: '8.8.8.8', dstPort: 53 }));
  assert.equal(a.pendingFlows, 2, 'the cap released the oldest');
  clock.now += 1_000;
  assert.equal(a.drainReady().length, 2);
  assert.equal(a.counters.forced, 3);
});

test('state is bounded: sockets beyond the cap and past the TTL are dropped', () => {
  const a = attributor({ maxSockets: 10, stateTtlMs: 1_000, allowedLatenessMs: 0 });
  for (let i = 0; i < 25; i++)
    a.observeEndpoint(
      socketRow({
        host: web,
        time: T0 + i,
        pid: i,
        localIp: '10.0.0.5',
        localPort: i + 1,
        remoteIp: '1.1.1.1',
        remotePort: 80,
        action: 'snapshot',
      }),
    );
  assert.equal(a.sockets.size, 10);
  a.observeEndpoint(processEvent({ host: web, time: T0 + 10_000, process: { pid: 1 } }));
  assert.equal(a.processes.size, 25);
  assert.equal(a.evict(), 10 + 24); // pid 1 was seen again inside the TTL
  assert.equal(a.sockets.size, 0);
  assert.equal(a.processes.size, 1, 'only the process seen inside the TTL stays');
});

test('a socket added and not yet removed (differential rows) claims flows long after it was seen; a snapshot row does not', () => {
  const a = attributor({ matchWindowMs: 60_000 });
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 7,
      localIp: '10.0.0.5',
      localPort: 7,
      remoteIp: '9.9.9.9',
      remotePort: 22,
      process: { ...curl, pid: 7 },
    }),
  );
  a.observeEndpoint(
    socketRow({
      host: web,
      time: T0,
      pid: 8,
      localIp: '10.0.0.5',
      localPort: 8,
      remoteIp: '9.9.9.9',
      remotePort: 22,
      action: 'snapshot',
      process: { ...curl, pid: 8 },
    }),
  );
  const hourLater = T0 + 3_600_000;
  assert.equal(
    a.attribute(flowEvent({ time: hourLater, srcIp: '10.0.0.5', srcPort: 7, dstIp: '9.9.9.9', dstPort: 22 })).match
      ?.entry.pid,
    7,
  );
  assert.equal(
    a.attribute(flowEvent({ time: hourLater, srcIp: '10.0.0.5', srcPort: 8, dstIp: '9.9.9.9', dstPort: 22 })).match,
    null,
  );
});
