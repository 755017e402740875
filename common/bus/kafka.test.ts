import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { decode, encode } from '../codec/avro.js';
import { silentLogger } from '../logger.js';
import { stageMetrics } from '../metrics.js';
import { mapStage } from '../stage.js';
import { kcatConsume, startKafkaMock, type KafkaMock } from '../../test/helpers/kafka-mock.js';
import { startTcpProxy, type TcpProxy } from '../../test/helpers/tcp-proxy.js';
import { KafkaBus } from './kafka.js';
import { DEAD_LETTER_HEADERS, runStage } from './stage-runner.js';
import type { BusConsumer, BusMessage } from './types.js';

let mock: KafkaMock;
before(async () => {
  mock = await startKafkaMock();
});
after(async () => {
  await mock.stop();
});

const fastConsumer = { retry: { initialRetryTime: 50, retries: 8 } };
const row = (host: string, counter: number) => ({
  id: `${host}-${counter}`, name: 'processes', hostIdentifier: host, calendarTime: 'c', unixTime: 1795326160, epoch: 0,
  counter, numerics: false, action: 'added' as const, columns: { pid: String(counter), name: 'sshd' },
});

function until(consumer: BusConsumer, done: (seen: BusMessage[]) => boolean, seen: BusMessage[] = []): Promise<BusMessage[]> {
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
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, kafkajs: fastConsumer });
  t.after(() => bus.close());
  await bus.ensureTopics([{ name: 'osprey.results' }]); // best effort: the mock cluster has no CreateTopics
  const rows = Array.from({ length: 60 }, (_, i) => row(`host-${i % 3}`, i));
  const producer = bus.producer();
  await Promise.all(rows.map((r) => producer.send('osprey.results', [{ key: r.hostIdentifier, value: encode('result_event', r), headers: { 'osprey.id': r.id } }])));
  const viaKcat = kcatConsume(mock.bootstrapServers, 'osprey.results', rows.length).map((v) => decode(v).value as { id: string });
  assert.deepEqual(viaKcat.map((v) => v.id).sort(), rows.map((r) => r.id).sort());
  const seen = await until(bus.consumer({ groupId: 'reader', topics: ['osprey.results'] }), (s) => s.length >= rows.length);
  for (const m of seen) {
    const value = decode(m.value, m).value as ReturnType<typeof row>;
    assert.equal(m.key?.toString(), value.hostIdentifier);
    assert.equal(m.headers['osprey.id'], value.id);
  }
  for (const host of ['host-0', 'host-1', 'host-2']) {
    const counters = seen.filter((m) => m.key?.toString() === host).map((m) => (decode(m.value).value as { counter: number }).counter);
    assert.deepEqual(counters, rows.filter((r) => r.hostIdentifier === host).map((r) => r.counter), `${host} in order`);
  }
});

test('two consumers in one group share the partitions with no loss or duplicates across a rebalance', async (t) => {
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, kafkajs: fastConsumer });
  t.after(() => bus.close());
  const producer = bus.producer();
  const send = (from: number, n: number) =>
    producer.send('group-test', Array.from({ length: n }, (_, i) => ({ key: `k${(from + i) % 10}`, value: Buffer.from(String(from + i)) })));
  await send(0, 100);
  const seen: BusMessage[] = [];
  const a = bus.consumer({ groupId: 'shared', topics: ['group-test'] });
  await until(a, (s) => s.length >= 100, seen);
  const b = bus.consumer({ groupId: 'shared', topics: ['group-test'] });
  const bSeen: BusMessage[] = [];
  void b.run(async (batch) => {
    bSeen.push(...batch.messages);
    seen.push(...batch.messages);
  });
  await send(100, 100);
  while (seen.length < 200) await new Promise((r) => setTimeout(r, 50));
  const values = seen.map((m) => Number(m.value.toString()));
  assert.equal(new Set(values).size, 200, 'no loss');
  assert.equal(values.length, 200, 'no duplicates');
});

test('a broker outage through a proxy the test cuts and restores: every row arrives, in per-host order', async (t) => {
  const proxies = new Map<number, TcpProxy>();
  for (const broker of mock.brokers) {
    const [host, port] = broker.split(':');
    proxies.set(Number(port), await startTcpProxy(host ?? '127.0.0.1', Number(port)));
  }
  t.after(async () => Promise.all([...proxies.values()].map((p) => p.close())));
  const bus = new KafkaBus({
    brokers: mock.brokers,
    idempotent: false,
    producer: { lingerMs: 5, batchSize: 20 },
    kafkajs: {
      retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 1000 },
      socketFactory: ({ host, port, onConnect }) => {
        const proxy = proxies.get(port);
        return connect({ host: '127.0.0.1', port: proxy?.port ?? port }, onConnect).setKeepAlive(true, 60_000);
      },
    },
  });
  t.after(() => bus.close());
  const producer = bus.producer();
  const sends: Array<Promise<void>> = [];
  const rows = Array.from({ length: 150 }, (_, i) => row(`h${i % 5}`, i));
  for (const [i, r] of rows.entries()) {
    if (i === 50) for (const p of proxies.values()) p.cut();
    if (i === 100) setTimeout(() => { for (const p of proxies.values()) p.restore(); }, 300);
    sends.push(producer.send('outage', [{ key: r.hostIdentifier, value: encode('result_event', r) }]));
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(sends);
  const reader = new KafkaBus({ brokers: mock.brokers, idempotent: false, kafkajs: fastConsumer });
  t.after(() => reader.close());
  const seen = await until(reader.consumer({ groupId: 'outage', topics: ['outage'] }), (s) => new Set(s.map((m) => m.value.toString('hex'))).size >= rows.length);
  for (let h = 0; h < 5; h++) {
    const counters = [...new Set(seen.filter((m) => m.key?.toString() === `h${h}`).map((m) => (decode(m.value).value as { counter: number }).counter))];
    assert.deepEqual(counters, rows.filter((r) => r.hostIdentifier === `h${h}`).map((r) => r.counter), `h${h} complete and in order`);
  }
});

test('an undecodable message goes to the dead-letter topic with the reason; the consumer keeps going', async (t) => {
  const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, kafkajs: fastConsumer });
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
  const dead = await until(bus.consumer({ groupId: 'dlq-check', topics: ['dlq-dead'] }), (s) => s.length >= 1);
  await run.stop();
  assert.deepEqual(out.map((m) => m.value.toString()), ['1', '2']);
  assert.equal(dead[0]?.value.toString(), 'garbage');
  assert.equal(dead[0]?.headers[DEAD_LETTER_HEADERS.topic], 'dlq-in');
  assert.match(dead[0]?.headers[DEAD_LETTER_HEADERS.error] ?? '', /magic byte/);
});
