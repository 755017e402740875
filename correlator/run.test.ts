/**
 * The correlator on the embedded bus, end to end: endpoint events on the enriched topic, a Suricata log shipped by
 * `osprey ship`'s code onto the network topic, and the alert decoded from the alerts topic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { EmbeddedBus } from '../common/bus/embedded.js';
import type { BusConsumer, ConsumedBatch } from '../common/bus/types.js';
import { defaultCodec } from '../common/codec/avro.js';
import { silentLogger } from '../common/logger.js';
import { TOPICS } from '../common/topics.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';
import { shipLog } from '../sensors/ship/command.js';
import { host, processEvent, socketRow } from './testing/events.js';
import type { AlertInput } from '../schemas/generated/alert.js';

function firstAlert(consumer: BusConsumer): Promise<AlertInput> {
  const codec = defaultCodec();
  return new Promise((resolve, reject) => {
    consumer
      .run(async (batch: ConsumedBatch) => {
        for (const m of batch.messages) {
          const decoded = codec.decode(m.value, m);
          if (decoded.schemaName === 'alert') {
            setImmediate(() => void consumer.close().then(() => resolve(decoded.value as AlertInput), reject));
            return;
          }
        }
      })
      .catch(reject);
  });
}

test('endpoint events and a shipped Suricata alert become an attributed alert on the alerts topic', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-correlator-run-'));
  const bus = new EmbeddedBus({ dataDir: join(dir, 'bus'), maintenanceIntervalMs: 0, idlePollMs: 20 });
  let stopCorrelator: () => Promise<void> = async () => undefined;
  // The correlator stops (flushing what it holds) before the bus closes.
  t.after(async () => {
    await stopCorrelator();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const codec = defaultCodec();
  const web = host('web-1', ['10.1.2.3']);
  const now = Date.now();
  const nc = {
    pid: 31337,
    name: 'nc',
    executable: '/usr/bin/nc.openbsd',
    command_line: 'nc 203.0.113.5 4444',
    hash: { sha256: 'ef'.repeat(32) },
    user: { id: '0', name: 'root' },
  };
  await bus.producer().send(
    TOPICS.enriched,
    [
      processEvent({ host: web, time: now - 2_000, process: nc, user: { id: '0', name: 'root' } }),
      socketRow({
        host: web,
        time: now - 1_000,
        pid: 31337,
        localIp: '10.1.2.3',
        localPort: 51000,
        remoteIp: '203.0.113.5',
        remotePort: 4444,
      }),
    ].map((e) => ({ key: 'web-1', value: codec.encode('enriched_event', e) })),
  );

  const eve = join(dir, 'eve.json');
  writeFileSync(
    eve,
    `${JSON.stringify({
      timestamp: new Date(now).toISOString(),
      flow_id: 42,
      event_type: 'alert',
      src_ip: '10.1.2.3',
      src_port: 51000,
      dest_ip: '203.0.113.5',
      dest_port: 4444,
      proto: 'TCP',
      alert: {
        action: 'allowed',
        signature_id: 2100498,
        signature: 'GPL ATTACK_RESPONSE id check returned root',
        category: 'Potentially Bad Traffic',
        severity: 2,
      },
    })}\nnot json\n`,
  );
  const shipped = await shipLog({
    kind: 'suricata',
    path: eve,
    bus,
    topic: TOPICS.network,
    sensorName: 'sensor-1',
    statePath: join(dir, 'ship.json'),
    follow: false,
    log: silentLogger(),
  });
  assert.deepEqual(shipped, { shipped: 1, broken: 1 });

  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(
    join(rules, 'ids.yml'),
    'type: ids\nid: osprey-ids-attribution\nname: IDS alert attributed to a host process\n',
  );
  const config = correlatorConfig.parse({
    rules: { builtin: false, dirs: [rules] },
    attribution: { maxWaitMs: 1_000 },
    tickMs: 50,
  });
  const registry = new Registry();
  const running = await startCorrelator({ bus, config, registry, log: silentLogger() });
  stopCorrelator = () => running.stop();
  const alert = await firstAlert(bus.consumer({ groupId: 'test-reader', topics: [TOPICS.alerts] }));
  assert.equal(alert.rule.id, 'osprey-ids-attribution');
  assert.equal(alert.process?.pid, 31337);
  assert.equal(alert.process?.executable, '/usr/bin/nc.openbsd');
  assert.equal(alert.user?.name, 'root');
  assert.equal(alert.host?.name, 'web-1');
  assert.equal(alert.process?.hash?.sha256, 'ef'.repeat(32));
  assert.equal(alert.evidence?.[0]?.kind, 'network');
  assert.match(alert.evidence?.[0]?.document ?? '', /GPL ATTACK_RESPONSE/);
  const metrics = await registry.getMetricsAsJSON();
  const attributed = metrics.find((m) => m.name === 'osprey_correlator_flows_attributed_total');
  assert.equal(attributed?.values.find((v) => v.labels.result === 'matched')?.value, 1);
});
