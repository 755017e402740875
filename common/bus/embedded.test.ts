import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { EmbeddedBus } from './embedded.js';
import type { BusConsumer, BusMessage, ConsumedBatch } from './types.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-bus-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const msg = (key: string, value: string, headers?: Record<string, string>) => ({
  key,
  value: Buffer.from(value),
  headers,
});

/** Runs a consumer until `count` messages arrived (or it is closed), recording what it saw. */
function collect(consumer: BusConsumer, count: number, seen: BusMessage[] = []): Promise<BusMessage[]> {
  return new Promise((resolve, reject) => {
    consumer
      .run(async (batch: ConsumedBatch) => {
        seen.push(...batch.messages);
        if (seen.length >= count) setImmediate(() => void consumer.close().then(() => resolve(seen), reject));
      })
      .catch(reject);
  });
}

test('messages survive close and reopen; a group resumes after its committed offset; keys keep per-key order', async (t) => {
  const dir = tempDir(t);
  let bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  await bus.ensureTopics([{ name: 'osprey.results', partitions: 3 }]);
  const producer = bus.producer();
  await producer.send(
    'osprey.results',
    Array.from({ length: 30 }, (_, i) => msg(`host-${i % 4}`, `r${i}`, { 'osprey.id': `id${i}` })),
  );
  const first = await collect(bus.consumer({ groupId: 'g', topics: ['osprey.results'] }), 30);
  assert.equal(first.length, 30);
  assert.equal(first[0]?.headers['osprey.id'] !== undefined, true);
  for (let h = 0; h < 4; h++) {
    const values = first
      .filter((m) => m.key?.toString() === `host-${h}`)
      .map((m) => Number(m.value.toString().slice(1)));
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
      `host-${h} in order`,
    );
    assert.equal(new Set(first.filter((m) => m.key?.toString() === `host-${h}`).map((m) => m.partition)).size, 1);
  }
  await bus.close();
  assert.equal(statSync(join(dir, 'bus.sqlite')).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);

  bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  t.after(() => bus.close());
  await bus.producer().send('osprey.results', [msg('host-9', 'after-reopen')]);
  const second = await collect(bus.consumer({ groupId: 'g', topics: ['osprey.results'] }), 1);
  assert.deepEqual(
    second.map((m) => m.value.toString()),
    ['after-reopen'],
  );
  const fresh = await collect(bus.consumer({ groupId: 'other', topics: ['osprey.results'] }), 31);
  assert.equal(fresh.length, 31, 'a new group starts from the beginning by default');
  const lag = await bus.consumer({ groupId: 'g', topics: ['osprey.results'] }).lag();
  assert.equal(
    lag.reduce((sum, l) => sum + l.lag, 0),
    0,
  );
});

test('a failed handler gets the same batch again and nothing is committed before it succeeds', async (t) => {
  const bus = new EmbeddedBus({ dataDir: tempDir(t), maintenanceIntervalMs: 0 });
  t.after(() => bus.close());
  await bus.producer().send('t', [msg('k', 'a'), msg('k', 'b')]);
  const consumer = bus.consumer({ groupId: 'g', topics: ['t'] });
  const attempts: string[][] = [];
  await new Promise<void>((resolve) => {
    void consumer.run(async (batch) => {
      attempts.push(batch.messages.map((m) => m.value.toString()));
      if (attempts.length === 1) throw new Error('sink down');
      setImmediate(resolve);
    });
  });
  await consumer.close();
  assert.deepEqual(attempts, [
    ['a', 'b'],
    ['a', 'b'],
  ]);
});

test('two members of a group share the partitions; one leaving hands its partitions over without loss or duplicates', async (t) => {
  const bus = new EmbeddedBus({ dataDir: tempDir(t), maintenanceIntervalMs: 0, maxBatch: 7 });
  t.after(() => bus.close());
  await bus.ensureTopics([{ name: 't', partitions: 4 }]);
  const total = 400;
  const seen: BusMessage[] = [];
  const a = bus.consumer({ groupId: 'g', topics: ['t'] });
  const b = bus.consumer({ groupId: 'g', topics: ['t'] });
  const partitionsOf = new Map<BusConsumer, Set<number>>([
    [a, new Set()],
    [b, new Set()],
  ]);
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const handlerFor = (c: BusConsumer) => async (batch: ConsumedBatch) => {
    partitionsOf.get(c)?.add(batch.partition);
    seen.push(...batch.messages);
    if (seen.length >= total / 2 && c === b) void b.close(); // b leaves halfway: a takes over its partitions
    if (seen.length >= total) resolveDone();
  };
  void a.run(handlerFor(a));
  void b.run(handlerFor(b));
  for (let i = 0; i < total; i += 50) {
    await bus.producer().send(
      't',
      Array.from({ length: 50 }, (_, j) => msg(`host-${(i + j) % 16}`, String(i + j))),
    );
  }
  await done;
  await a.close();
  const values = seen.map((m) => Number(m.value.toString()));
  assert.equal(new Set(values).size, total, 'no duplicates');
  assert.equal(values.length, total, 'no loss');
  assert.ok((partitionsOf.get(b)?.size ?? 0) > 0, 'b owned partitions before leaving');
  assert.equal(partitionsOf.get(a)?.size, 4, 'a owns every partition after b left');
});

test('a compacted topic keeps the newest message per key; retention drops by age and by size', async (t) => {
  const bus = new EmbeddedBus({ dataDir: tempDir(t), maintenanceIntervalMs: 0 });
  t.after(() => bus.close());
  await bus.ensureTopics([
    { name: 'osprey.hosts', partitions: 2, compacted: true },
    { name: 'old', retentionMs: 60_000 },
  ]);
  const p = bus.producer();
  await p.send('osprey.hosts', [msg('a', 'a1'), msg('b', 'b1'), msg('a', 'a2'), msg('a', 'a3'), msg('b', 'b2')]);
  await p.send('old', [{ key: 'k', value: Buffer.from('stale'), timestamp: Date.now() - 120_000 }, msg('k', 'fresh')]);
  bus.setRetentionBytes('sized', 10);
  await p.send(
    'sized',
    Array.from({ length: 6 }, (_, i) => msg('k', `v${i}xx`)),
  ); // 4 bytes each
  bus.maintain();
  const hosts = await collect(bus.consumer({ groupId: 'g', topics: ['osprey.hosts'] }), 2);
  assert.deepEqual(hosts.map((m) => m.value.toString()).sort(), ['a3', 'b2']);
  const old = await collect(bus.consumer({ groupId: 'g', topics: ['old'] }), 1);
  assert.deepEqual(
    old.map((m) => m.value.toString()),
    ['fresh'],
  );
  const sized = await collect(bus.consumer({ groupId: 'g', topics: ['sized'] }), 2);
  assert.deepEqual(
    sized.map((m) => m.value.toString()),
    ['v4xx', 'v5xx'],
  );
  assert.equal(sized[0]?.offset, '4', 'offsets are never reused');
  await p.send('osprey.hosts', [msg('a', 'a4')]);
  const next = await collect(bus.consumer({ groupId: 'g', topics: ['osprey.hosts'] }), 1);
  assert.deepEqual(
    next.map((m) => m.value.toString()),
    ['a4'],
  );
});

test('a new bus file has 16 KiB pages; a bus written with 4 KiB pages keeps them and its messages on reopen', async (t) => {
  const fresh = new EmbeddedBus({ dataDir: tempDir(t), maintenanceIntervalMs: 0 });
  assert.equal(fresh.store.db.pragma('page_size', { simple: true }), 16_384);
  await fresh.close();

  const dir = tempDir(t);
  const older = new Database(join(dir, 'bus.sqlite'));
  older.pragma('page_size = 4096');
  older.pragma('journal_mode = WAL');
  older.close();
  let bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  await bus.producer().send('osprey.results', [msg('h', 'kept')]);
  await bus.close();
  bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  assert.equal(bus.store.db.pragma('page_size', { simple: true }), 4096);
  const [seen] = await collect(bus.consumer({ groupId: 'g', topics: ['osprey.results'] }), 1);
  assert.equal(seen?.value.toString(), 'kept');
  await bus.close();
});
