import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { decode, encode } from '../codec/avro.js';
import { startKafkaMock, type KafkaMock } from '../../test/helpers/kafka-mock.js';
import { startTcpProxy, type TcpProxy } from '../../test/helpers/tcp-proxy.js';
import { waitFor } from '../../test/helpers/wait.js';
import { KafkaBus, type KafkaConsumer } from './kafka.js';
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

/** Fails the test with the phase's name instead of hanging when a phase does not finish in time. */
async function within<T>(seconds: number, phase: string, work: Promise<T>, state: () => string = () => ''): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${phase}: not done in ${seconds} s ${state()}`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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

test(
  'two consumers in one group share the partitions with no loss or duplicates across a rebalance',
  { timeout: 180_000 },
  async (t) => {
    const bus = new KafkaBus({ brokers: mock.brokers, idempotent: false, consumer: timing, kafkajs: fastConsumer });
    t.after(() => bus.close());
    const producer = bus.producer();
    const send = (from: number, n: number) =>
      producer.send(
        'group-test',
        Array.from({ length: n }, (_, i) => ({ key: `k${(from + i) % 10}`, value: Buffer.from(String(from + i)) })),
      );
    await send(0, 100);
    const seen: BusMessage[] = [];
    const a = bus.consumer({ groupId: 'shared', topics: ['group-test'] }) as KafkaConsumer;
    await within(
      60,
      'the first member reads 100 messages',
      until(a, (s) => s.length >= 100, seen),
      () => `(seen ${seen.length})`,
    );
    const aJoins = a.generation;
    const b = bus.consumer({ groupId: 'shared', topics: ['group-test'] }) as KafkaConsumer;
    const bSeen: BusMessage[] = [];
    let bFailure: unknown;
    b.run(async (batch) => {
      bSeen.push(...batch.messages);
      seen.push(...batch.messages);
    }).catch((err: unknown) => (bFailure = err));
    // The rebalance is over: both hold partitions.
    await within(
      60,
      'both members join after the rebalance',
      Promise.all([a.joined(aJoins), b.joined()]),
      () =>
        `(a generation ${a.generation}, was ${aJoins}; b generation ${b.generation}; b failed: ${String(bFailure)})`,
    );
    await send(100, 100);
    await waitFor('all 200 messages to be read', () => seen.length >= 200, {
      timeoutMs: 60_000,
      context: () => `(seen ${seen.length}, b ${bSeen.length})`,
    });
    const values = seen.map((m) => Number(m.value.toString()));
    assert.equal(new Set(values).size, 200, 'no loss');
    assert.equal(values.length, 200, 'no duplicates');
    assert.ok(bSeen.length > 0 && bSeen.length < 100, 'the second member took some of the partitions');
  },
);

test(
  'a broker outage through a proxy the test cuts and restores: every row arrives, in per-host order',
  { timeout: 180_000 },
  async (t) => {
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
        socketFactory: ({ port, onConnect }) => {
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
      if (i === 100)
        setTimeout(() => {
          for (const p of proxies.values()) p.restore();
        }, 300);
      sends.push(producer.send('outage', [{ key: r.hostIdentifier, value: encode('result_event', r) }]));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await within(90, 'every send is acknowledged after the outage', Promise.all(sends));
    assert.ok(
      [...proxies.values()].some((p) => p.refused > 0),
      'the producer tried to reach the brokers while they were cut off',
    );
    const reader = new KafkaBus({ brokers: mock.brokers, idempotent: false, consumer: timing, kafkajs: fastConsumer });
    t.after(() => reader.close());
    const got: BusMessage[] = [];
    const distinct = (s: BusMessage[]): number => new Set(s.map((m) => m.value.toString('hex'))).size;
    const reading = until(
      reader.consumer({ groupId: 'outage', topics: ['outage'] }),
      (s) => distinct(s) >= rows.length,
      got,
    );
    const seen = await within(
      60,
      'every row is read back',
      reading,
      () => `(distinct ${distinct(got)} of ${rows.length})`,
    );
    for (let h = 0; h < 5; h++) {
      const counters = [
        ...new Set(
          seen
            .filter((m) => m.key?.toString() === `h${h}`)
            .map((m) => (decode(m.value).value as { counter: number }).counter),
        ),
      ];
      assert.deepEqual(
        counters,
        rows.filter((r) => r.hostIdentifier === `h${h}`).map((r) => r.counter),
        `h${h} complete and in order`,
      );
    }
  },
);
