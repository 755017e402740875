import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBus, type KafkaClient } from '../common/bus/kafka.js';
import { decode, encode } from '../common/codec/avro.js';
import { silentLogger } from '../common/logger.js';
import { kcatConsume, startKafkaMock, type KafkaMock } from '../test/helpers/kafka-mock.js';
import { waitFor } from '../test/helpers/wait.js';
import { enricherConfig } from './config.js';
import { startEnricher, type EnricherRun } from './run.js';
import { fixtureRow } from './test-support/fixtures.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';

let mock: KafkaMock;
before(async () => {
  mock = await startKafkaMock();
});
after(async () => {
  await mock.stop();
});

const HOSTS = 20;
const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    fixtureRow('processes', { id: `row-${from + i}`, hostIdentifier: `host-${(from + i) % HOSTS}`, counter: from + i }),
  );

async function received(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('osprey_component_received_events_total')?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

test('two enricher instances in one group share the partitions; across the rebalance no row is lost, a repeat is the same document, and nothing committed is enriched again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-enricher-kafka-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Short sessions: with kafkajs against the mock cluster a member that is not mid-batch rejoins a rebalance only
  // when its session runs out (30 s by default), which would make this test slow, not different.
  const kafka = new Kafka({
    clientId: 'enricher-test',
    brokers: mock.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 8 },
  });
  const client: KafkaClient = {
    producer: (options) => kafka.producer(options),
    consumer: (options) =>
      kafka.consumer({
        ...options,
        sessionTimeout: 6000,
        rebalanceTimeout: 6000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 500,
      }),
    admin: () => kafka.admin(),
  };
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, client });
  t.after(() => bus.close());
  const topics = { results: 'enr.results', enriched: 'enr.enriched', hosts: 'enr.hosts', deadLetter: 'enr.dead' };
  const config = enricherConfig.parse({ topics, group: 'enr-group', waitMs: 0, hostsCatchUpMs: 1000 });
  const runs: EnricherRun[] = [];
  const start = async (name: string, registry: Registry) => {
    const run = await startEnricher({
      bus,
      config,
      dataDir: join(dir, name),
      lagIntervalMs: 1000,
      registry,
      log: silentLogger(),
    });
    runs.push(run);
    return run;
  };
  const stopAll = () => Promise.all(runs.splice(0).map((run) => run.stop()));
  t.after(stopAll);
  const producer = bus.producer();
  const send = (batch: ReturnType<typeof rows>) =>
    producer.send(
      topics.results,
      batch.map((r) => ({ key: r.hostIdentifier, value: encode('result_event', r) })),
    );

  const admin = kafka.admin();
  await admin.connect();
  t.after(() => admin.disconnect());
  // Offsets the group has committed on the results topic: a row below them is enriched, sent and acknowledged.
  const committed = async (): Promise<number> => {
    const [topic] = await admin.fetchOffsets({ groupId: config.group, topics: [topics.results] });
    return (topic?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };

  const registryA = new Registry();
  await start('a', registryA);
  await send(rows(0, 100));
  // Witness: A has committed the first 100 rows, so after the rebalance neither instance may read them again.
  await waitFor('A to commit the first 100 rows', async () => (await committed()) === 100, { timeoutMs: 60_000 });
  // Rows keep flowing while the second instance joins, until B has been handed partitions and enriched rows from
  // them. (Flowing rows also keep A heartbeating between batches, which is when kafkajs notices a rebalance.)
  const registryB = new Registry();
  await start('b', registryB);
  let sent = 100;
  await waitFor(
    'B to take partitions over and receive rows',
    async () => {
      await send(rows(sent, 10));
      sent += 10;
      return (await received(registryB)) > 0;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
  await waitFor(`the group to commit all ${sent} rows`, async () => (await committed()) === sent, {
    timeoutMs: 60_000,
  });
  await stopAll();

  const out = kcatConsume(mock.bootstrapServers, topics.enriched, 100_000).map(
    (v) => decode(v).value as EnrichedEventInput,
  );
  const ids = out.map((d) => d.id);
  assert.deepEqual(
    [...new Set(ids)].sort(),
    rows(0, sent)
      .map((r) => r.id)
      .sort(),
    'every row enriched, no row lost',
  );
  // At least once (README: Delivery): a batch whose offsets were not yet committed when its partition moved is
  // enriched again by the new owner. Such a repeat is the same event under the same id, so the index stage's
  // create-by-id stores it once; and it is never a replay of what was committed before the partition moved.
  const byId = new Map<string, string>();
  for (const doc of out) {
    const body = JSON.stringify(doc.osquery);
    const first = byId.get(doc.id);
    if (first !== undefined) assert.equal(body, first, `a repeated ${doc.id} is the same event`);
    else byId.set(doc.id, body);
  }
  const repeatedEarly = ids.filter((id, i) => ids.indexOf(id) !== i && Number(id.slice('row-'.length)) < 100);
  assert.deepEqual(repeatedEarly, [], 'rows committed before the rebalance are not enriched again');
  // Per host, rows are enriched in order; a repeat re-enriches from the committed offset on, so the first
  // occurrences keep the order.
  for (let h = 0; h < HOSTS; h++) {
    const counters = out.filter((d) => d.osquery?.hostIdentifier === `host-${h}`).map((d) => d.osquery?.counter ?? -1);
    const firsts = counters.filter((c, i) => counters.indexOf(c) === i);
    assert.deepEqual(
      firsts,
      [...firsts].sort((a, b) => a - b),
      `host-${h} in order`,
    );
  }
});
