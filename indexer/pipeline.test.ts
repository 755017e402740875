import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Registry } from 'prom-client';
import { EmbeddedBus } from '../common/bus/embedded.js';
import type { BusMessage } from '../common/bus/types.js';
import { encode } from '../common/codec/avro.js';
import { silentLogger } from '../common/logger.js';
import { TOPICS } from '../common/topics.js';
import { startFakeElasticsearch } from '../test/helpers/fake-elasticsearch.js';
import { waitFor } from '../test/helpers/wait.js';
import { startIndexer } from './pipeline.js';
import { createSink } from './sinks.js';
import { search } from './store/search.js';
import { DocumentStore } from './store/store.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-indexer-'));
after(() => rmSync(root, { recursive: true, force: true }));

function enriched(i: number): Buffer {
  return encode('enriched_event', {
    id: `ev-${i}`,
    timestamp: 1_700_000_000_000 + i,
    event: { kind: 'event', dataset: 'osquery.processes', category: ['process'], type: ['start'] },
    host: { hostname: 'web-1' },
    process: { pid: 1000 + i, name: i % 2 ? 'nc' : 'sshd', command_line: `proc ${i}` },
  } as never);
}

function alert(): Buffer {
  return encode('alert', {
    id: 'alert-1',
    timestamp: 1_700_000_001_000,
    rule: { id: 'ids', name: 'Suricata alert attributed to a process', type: 'ids' },
    severity: 'high',
    risk_score: 73,
    message: 'ET POLICY curl User-Agent from nc',
    process: { pid: 1001, name: 'nc' },
  } as never);
}

test('indexes enriched events and alerts into the embedded store; garbage goes to the dead-letter topic', async () => {
  const bus = new EmbeddedBus({ dataDir: join(root, 'bus1'), maintenanceIntervalMs: 0 });
  const storeDir = join(root, 'store1');
  const producer = bus.producer();
  await producer.send(TOPICS.enriched, [
    ...Array.from({ length: 20 }, (_, i) => ({ key: 'web-1', value: enriched(i) })),
    { key: 'web-1', value: Buffer.from('not avro at all') },
  ]);
  await producer.send(TOPICS.alerts, [{ key: 'web-1', value: alert() }]);
  const run = await startIndexer({
    bus,
    sink: createSink({ type: 'embedded', dir: storeDir }, silentLogger()),
    namespace: 'default',
    log: silentLogger(),
    registry: new Registry(),
    lingerMs: 5,
  });
  const dead: BusMessage[] = [];
  const dlq = bus.consumer({ groupId: 'test-dlq', topics: [TOPICS.deadLetter] });
  const dlqDone = dlq.run(async (batch) => {
    dead.push(...batch.messages);
  });
  await waitFor('the dead letter', () => dead.length === 1);
  // The alert comes on its own topic, in no order with the dead letter: wait until the indexer committed both topics.
  const indexer = bus.consumer({ groupId: 'osprey-indexer', topics: [TOPICS.enriched, TOPICS.alerts] });
  await waitFor('the indexer to commit every message', async () => (await indexer.lag()).every((p) => p.lag === 0));
  await run.stop();
  await dlq.close();
  await dlqDone;
  await bus.close();
  assert.match(dead[0]?.headers['osprey.error'] ?? '', /./);
  assert.equal(dead[0]?.value.toString(), 'not avro at all');

  const store = new DocumentStore({ dir: storeDir });
  try {
    assert.equal(store.count('result'), 20);
    assert.equal(store.count('alert'), 1);
    const hits = search(store, { text: 'nc', stream: 'alert' });
    assert.equal(hits[0]?.body.severity, 'high');
    assert.equal(search(store, { fields: [{ path: 'process.pid', op: '=', value: '1007' }] })[0]?.id, 'ev-7');
  } finally {
    store.close();
  }
});

test('while Elasticsearch is down nothing is committed; when it is back every event arrives once', async () => {
  const es = await startFakeElasticsearch({ requestStatus: () => 503 });
  const bus = new EmbeddedBus({ dataDir: join(root, 'bus2'), maintenanceIntervalMs: 0 });
  try {
    await bus.producer().send(
      TOPICS.enriched,
      Array.from({ length: 30 }, (_, i) => ({ key: `h${i % 3}`, value: enriched(i) })),
    );
    const registry = new Registry();
    const run = await startIndexer({
      bus,
      sink: createSink(
        { type: 'elasticsearch', node: es.url, namespace: 'prod', requestTimeoutMs: 2_000 },
        silentLogger(),
        registry,
      ),
      namespace: 'prod',
      log: silentLogger(),
      registry,
      lingerMs: 5,
    });
    await waitFor('failing bulk requests', () => es.bulkRequests >= 3);
    assert.equal(es.stored.size, 0);
    const lag = await bus.consumer({ groupId: 'osprey-indexer', topics: [TOPICS.enriched] }).lag();
    assert.ok(lag.reduce((n, p) => n + p.lag, 0) > 0, 'offsets stay uncommitted while the sink fails');
    es.behaviour.requestStatus = undefined;
    await waitFor('all 30 documents', () => (es.stored.get('logs-osprey.result-prod')?.size ?? 0) === 30);
    await run.stop();
    const metrics = await registry.metrics();
    assert.match(metrics, /osprey_elasticsearch_bulk_failures_total [1-9]/);
  } finally {
    await bus.close();
    await es.close();
  }
});
