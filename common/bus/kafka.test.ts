import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { decode, encode } from '../codec/avro.js';
import { silentLogger } from '../logger.js';
import { stageMetrics } from '../metrics.js';
import { mapStage } from '../stage.js';
import { kcatConsume, startKafkaMock, type KafkaMock } from '../../test/helpers/kafka-mock.js';
import { KafkaBus } from './kafka.js';
import { DEAD_LETTER_HEADERS } from './dead-letter.js';
import { runStage } from './stage-runner.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { BusConsumer, BusMessage } from './types.js';

let mock: KafkaMock;
before(async () => {
  mock = await startKafkaMock();
});
after(async () => {
  await mock.stop();
});

/** Quick retries, with a budget that outlasts a rebalance on a loaded 2-core machine. */
const fastConsumer = { retry: { initialRetryTime: 50, maxRetryTime: 1000, retries: 30 } };
/** Short group timings so joins, rebalances and closes take well under a second on the mock cluster. */
const timing = { sessionTimeoutMs: 6000, rebalanceTimeoutMs: 3000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 };
const row = (host: string, counter: number) => ({
  id: `${host}-${counter}`,
  name: 'processes',
  hostIdentifier: host,
  calendarTime: 'c',
  unixTime: 1795326160,
  epoch: 0,
  counter,
  numerics: false,
  action: 'added' as const,
  columns: { pid: String(counter), name: 'sshd' },
});

function until(
  consumer: BusConsumer,
  done: (seen: BusMessage[]) => boolean,
  seen: BusMessage[] = [],
): Promise<BusMessage[]> {
  return new Promise((resolve, reject) => {
    consumer
      .run(async (batch) => {
        seen.push(...batch.messages);
        if (done(seen)) resolve(seen);
      })
      .catch(reject);
  });
}

test('rows produced as Avro are read back by kcat and by our consumer, keyed by host, with the dedupe header', async (t) => {
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, consumer: timing, kafkajs: fastConsumer });
  t.after(() => bus.close());
  await bus.ensureTopics([{ name: 'osprey.results' }]); // best effort: the mock cluster has no CreateTopics
  const rows = Array.from({ length: 60 }, (_, i) => row(`host-${i % 3}`, i));
  const producer = bus.producer();
  await Promise.all(
    rows.map((r) =>
      producer.send('osprey.results', [
        { key: r.hostIdentifier, value: encode('result_event', r), headers: { 'osprey.id': r.id } },
      ]),
    ),
  );
  const viaKcat = kcatConsume(mock.bootstrapServers, 'osprey.results', rows.length).map(
    (v) => decode(v).value as { id: string },
  );
  assert.deepEqual(viaKcat.map((v) => v.id).sort(), rows.map((r) => r.id).sort());
  const consumer = bus.consumer({ groupId: 'reader', topics: ['osprey.results'] });
  const seen = await until(consumer, (s) => s.length >= rows.length);
  // The last commit may still be in flight when the handler has seen every message.
  const lag = await waitFor('every offset committed', async () => {
    const partitions = await consumer.lag();
    return partitions.every((l) => l.lag === 0) && partitions;
  });
  assert.ok(lag.length > 0 && lag.every((l) => l.topic === 'osprey.results' && l.lag === 0));
  for (const m of seen) {
    const value = decode(m.value, m).value as unknown as ReturnType<typeof row>;
    assert.equal(m.key?.toString(), value.hostIdentifier);
    assert.equal(m.headers['osprey.id'], value.id);
  }
  for (const host of ['host-0', 'host-1', 'host-2']) {
    const counters = seen
      .filter((m) => m.key?.toString() === host)
      .map((m) => (decode(m.value).value as { counter: number }).counter);
    assert.deepEqual(
      counters,
      rows.filter((r) => r.hostIdentifier === host).map((r) => r.counter),
      `${host} in order`,
    );
  }
});

test('an undecodable message goes to the dead-letter topic with the reason; the consumer keeps going', async (t) => {
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, consumer: timing, kafkajs: fastConsumer });
  t.after(() => bus.close());
  const producer = bus.producer();
  await producer.send('dlq-in', [
    { key: 'h', value: encode('result_event', row('h', 1)) },
    { key: 'h', value: Buffer.from('garbage') },
    { key: 'h', value: encode('result_event', row('h', 2)) },
  ]);
  const run = runStage({
    consumer: bus.consumer({ groupId: 'dlq-stage', topics: ['dlq-in'] }),
    producer,
    stage: mapStage('counter', (e: { counter: number }) => e.counter),
    decode: (m: BusMessage) => decode(m.value, m).value as { counter: number },
    route: (n: number) => ({ topic: 'dlq-out', message: { key: 'h', value: Buffer.from(String(n)) } }),
    deadLetterTopic: 'dlq-dead',
    log: silentLogger(),
    metrics: stageMetrics(new Registry(), 'dlq'),
  });
  const out = await until(bus.consumer({ groupId: 'dlq-check', topics: ['dlq-out'] }), (s) => s.length >= 2);
  const dead = await until(bus.consumer({ groupId: 'dlq-check-dead', topics: ['dlq-dead'] }), (s) => s.length >= 1);
  await run.stop();
  assert.deepEqual(
    out.map((m) => m.value.toString()),
    ['1', '2'],
  );
  assert.equal(dead[0]?.value.toString(), 'garbage');
  assert.equal(dead[0]?.headers[DEAD_LETTER_HEADERS.topic], 'dlq-in');
  assert.match(dead[0]?.headers[DEAD_LETTER_HEADERS.error] ?? '', /magic byte/);
});

test('with a registry, each acknowledged send is timed and each failed produce request is counted', async (t) => {
  const registry = new Registry();
  const bus = new KafkaBus({
    brokers: mock.brokers,
    idempotent: false,
    producer: { registry, lingerMs: 5 },
    kafkajs: fastConsumer,
  });
  t.after(() => bus.close());
  const producer = bus.producer();
  await Promise.all(
    [1, 2, 3].map((n) => producer.send('osprey.metrics', [{ key: 'k', value: Buffer.from(String(n)) }])),
  );
  const latency = await registry.getSingleMetric('osprey_kafka_produce_latency_seconds')?.get();
  const count = latency?.values.find(
    (v) => (v as { metricName?: string }).metricName === 'osprey_kafka_produce_latency_seconds_count',
  );
  assert.equal(count?.value, 3);
  const errors = async (): Promise<number | undefined> =>
    (await registry.getSingleMetric('osprey_kafka_produce_errors_total')?.get())?.values[0]?.value;
  assert.equal(await errors(), 0);

  // Nothing listens on a port just closed: the produce request fails once the client has given up.
  const { createServer } = await import('node:net');
  const closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const down = new KafkaBus({
    brokers: [`127.0.0.1:${closedPort}`],
    idempotent: false,
    connectionTimeoutMs: 200,
    producer: { registry, lingerMs: 5 },
    kafkajs: { retry: { retries: 0, initialRetryTime: 10 } },
  });
  t.after(() => down.close());
  await assert.rejects(down.producer().send('osprey.metrics', [{ key: 'k', value: Buffer.from('x') }]));
  assert.equal(await errors(), 1);
  assert.equal(
    (await registry.getSingleMetric('osprey_kafka_produce_latency_seconds')?.get())?.values.find(
      (v) => (v as { metricName?: string }).metricName === 'osprey_kafka_produce_latency_seconds_count',
    )?.value,
    3,
  );
});
