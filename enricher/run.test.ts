import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { EmbeddedBus } from '../common/bus/embedded.js';
import { DEAD_LETTER_HEADERS } from '../common/bus/dead-letter.js';
import type { Bus, BusMessage } from '../common/bus/types.js';
import { decode, encode } from '../common/codec/avro.js';
import { silentLogger } from '../common/logger.js';
import { TOPICS } from '../common/topics.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';
import { fixtureRow, INVENTORY_FIXTURES } from './test-support/fixtures.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';
import type { HostMetadataInput } from '../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../schemas/generated/index.js';

/** Reads `topics` with a fresh group until `enough` says so; returns what it read. */
async function readUntil(bus: Bus, topics: string[], enough: (seen: BusMessage[]) => boolean): Promise<BusMessage[]> {
  const seen: BusMessage[] = [];
  const consumer = bus.consumer({ groupId: `reader-${Math.random()}`, topics });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run(async (batch) => {
        seen.push(...batch.messages);
        if (enough(seen)) resolve();
      })
      .catch(reject);
  });
  await consumer.close();
  return seen;
}

const produce = (bus: Bus, rows: ResultEvent[]) =>
  bus.producer().send(
    TOPICS.results,
    rows.map((r) => ({ key: r.hostIdentifier, value: encode('result_event', r) })),
  );

test('on the embedded bus: rows in, ECS documents out, bad rows dead-lettered, host metadata and hashes shared across instances and restarts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-enricher-run-'));
  const bus = new EmbeddedBus({ dataDir: join(dir, 'bus'), maintenanceIntervalMs: 0 });
  t.after(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = enricherConfig.parse({ waitMs: 50, hostsCatchUpMs: 5000 });
  const start = (registry: Registry) =>
    startEnricher({ bus, config, dataDir: join(dir, 'data'), registry, log: silentLogger(), lagIntervalMs: 10 });

  const first = await start(new Registry());
  const context = [...INVENTORY_FIXTURES.map((n) => fixtureRow(n)), fixtureRow('binary_hashes'), fixtureRow('users')];
  await produce(bus, [...context, fixtureRow('processes', { id: 'unmappable', unixTime: -5 })]);
  await bus.producer().send(TOPICS.results, [{ key: 'vm', value: Buffer.from('{"not":"avro"}') }]);
  await produce(bus, [fixtureRow('file')]);

  const out = await readUntil(
    bus,
    [TOPICS.enriched, TOPICS.deadLetter],
    (s) =>
      s.filter((m) => m.topic === TOPICS.enriched).length >= context.length + 1 &&
      s.some(
        (m) => m.topic === TOPICS.deadLetter && m.headers[DEAD_LETTER_HEADERS.offset] === String(context.length + 1),
      ),
  );
  const docs = out.filter((m) => m.topic === TOPICS.enriched).map((m) => decode(m.value).value as EnrichedEventInput);
  assert.equal(new Set(docs.map((d) => d.id)).size, context.length + 1, 'each row once');
  const file = docs.find((d) => d.event.dataset === 'osquery.file');
  assert.equal(file?.file?.hash?.sha256, '25c34e130c601c5610c131710ce7fca96248d6e56bf99e39a3c74072a98db158');
  assert.equal(file?.host?.os?.name, 'Debian GNU/Linux');
  assert.equal(out.find((m) => m.topic === TOPICS.enriched)?.key?.toString(), 'vm');
  const dead = out.filter((m) => m.topic === TOPICS.deadLetter);
  assert.equal(dead.length, 2);
  assert.match(
    dead.find((m) => m.headers[DEAD_LETTER_HEADERS.offset] === String(context.length))?.headers[
      DEAD_LETTER_HEADERS.error
    ] ?? '',
    /unixTime -5 is not a time/,
  );
  assert.match(
    dead.find((m) => m.headers[DEAD_LETTER_HEADERS.offset] === String(context.length + 1))?.headers[
      DEAD_LETTER_HEADERS.error
    ] ?? '',
    /magic byte/,
  );
  await first.stop();

  const hosts = await readUntil(bus, [TOPICS.hosts], (s) => s.length >= 1);
  const record = decode(hosts[0]?.value ?? Buffer.alloc(0)).value as HostMetadataInput;
  assert.equal(record.hostIdentifier, 'vm');
  assert.equal(record.host.id, '4c4c4544-0042-3510-8052-b4c04f4a3332');

  // A new instance knows the host from the hosts topic alone and the hash from its cache file, without the inventory.
  const registry = new Registry();
  const second = await start(registry);
  t.after(() => second.stop());
  await produce(bus, [fixtureRow('file', { id: 'after-restart', unixTime: 1795326600 })]);
  const later = await readUntil(bus, [TOPICS.enriched], (s) =>
    s.some((m) => (decode(m.value).value as EnrichedEventInput).id === 'after-restart'),
  );
  const doc = later.map((m) => decode(m.value).value as EnrichedEventInput).find((d) => d.id === 'after-restart');
  assert.equal(doc?.host?.hostname, 'vm');
  assert.equal(doc?.file?.hash?.sha256, '25c34e130c601c5610c131710ce7fca96248d6e56bf99e39a3c74072a98db158');
  assert.equal(doc?.enrichment, null);
  await second.stop();
  const metrics = await registry.metrics();
  assert.match(metrics, /osprey_component_sent_events_total\{stage="enricher"\} 1$/m);
  assert.match(metrics, /osprey_enricher_cache_entries\{cache="hashes"\} 1$/m);
  assert.match(metrics, /osprey_enricher_consumer_lag_messages\{topic="osprey.results",partition="\d+"\} 0$/m);
});
