/**
 * The consumer's supervision of kafkajs crashes. The broker path is covered against the librdkafka mock cluster in
 * kafka-group.test.ts; a crash that kafkajs does not restart from cannot be provoked on demand there, so this test
 * drives the KafkaClient seam with consumers that emit kafkajs' CRASH event as kafkajs does.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { waitFor } from '../../test/helpers/wait.js';
import { silentLogger } from '../logger.js';
import { KafkaConsumer } from './kafka-consumer.js';
import type { KafkaClient } from './kafka.js';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' } as const;

class CrashingConsumer extends EventEmitter {
  readonly events = EVENTS;
  runs = 0;
  disconnected = false;
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(): Promise<void> {
    this.runs++;
    setImmediate(() => this.emit(EVENTS.GROUP_JOIN, { payload: {} }));
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
  crash(restart: boolean): void {
    this.emit(EVENTS.CRASH, { payload: { error: new Error('INVALID_REQUEST'), restart, groupId: 'g' } });
  }
}

function client(made: CrashingConsumer[]): KafkaClient {
  return {
    consumer: () => {
      const consumer = new CrashingConsumer();
      made.push(consumer);
      return consumer as unknown as Consumer;
    },
    producer: () => ({}) as Producer,
    admin: () => ({}) as Admin,
  };
}

test('a crash kafkajs does not restart from gets a fresh consumer; a retriable one is left to kafkajs', async (t) => {
  const made: CrashingConsumer[] = [];
  const member = new KafkaConsumer(client(made), { groupId: 'g' }, { groupId: 'g', topics: ['t'] }, silentLogger());
  const running = member.run(async () => undefined);
  await member.joined(0);
  // With mocked timers, runAll() fires whatever restart the crash scheduled, however long its backoff: so "no new
  // consumer" below means none was scheduled, not that none was due yet.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  made[0]?.crash(true);
  t.mock.timers.runAll();
  await new Promise((resolve) => setImmediate(resolve));
  t.mock.timers.reset();
  assert.equal(made.length, 1, 'kafkajs restarts after a retriable crash by itself');
  assert.equal(made[0]?.disconnected, false, 'the consumer kafkajs restarts is kept');
  made[0]?.crash(false);
  await waitFor('a fresh consumer to join', () => made.length === 2 && member.generation === 2, {
    context: () => `${made.length} consumers, generation ${member.generation}`,
  });
  assert.equal(made[0]?.disconnected, true, 'the dead consumer is disconnected');
  assert.equal(made[1]?.runs, 1, 'the fresh consumer runs the same handler');
  await member.close();
  await running;
});

test('after repeated crashes without a join in between, run() fails with a typed, retriable error', async () => {
  const made: CrashingConsumer[] = [];
  const failing = client(made);
  const original = failing.consumer;
  // Consumers that never join: every start crashes at once.
  failing.consumer = (config) => {
    const consumer = original(config) as unknown as CrashingConsumer;
    consumer.run = async () => {
      consumer.runs++;
      setImmediate(() => consumer.crash(false));
    };
    return consumer as unknown as Consumer;
  };
  // Backoff doubles from 1 ms here (0.5 s in service), so the test does not wait minutes for the limit.
  const member = new KafkaConsumer(
    failing,
    { groupId: 'g' },
    { groupId: 'g', topics: ['t'], restartDelayMs: 1 },
    silentLogger(),
  );
  try {
    await assert.rejects(
      member.run(async () => undefined),
      (err: Error & { code?: string; retriable?: boolean }) => {
        assert.equal(err.code, 'BROKER_UNAVAILABLE');
        assert.equal(err.retriable, true);
        assert.match(err.message, /crashed 9 times: INVALID_REQUEST/);
        return true;
      },
    );
  } finally {
    await member.close();
  }
});
