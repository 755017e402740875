/**
 * The embedded bus: produce rate (sends of 1,000 Avro result rows, each send one durable transaction), consume rate
 * through a consumer group (batches of 500, offsets committed per batch), and bytes on disk per row.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCodec } from '../common/codec/avro.js';
import { EmbeddedBus } from '../common/bus/embedded.js';
import { sampleRow } from './avro.bench.js';
import type { BenchResult } from './types.js';

const ROWS = 200_000;
const SEND = 1_000;

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

async function measure(
  synchronous: 'FULL' | 'NORMAL',
): Promise<{ produce: number; consume: number; bytesPerRow: number; valueBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-bus-bench-'));
  try {
    const codec = defaultCodec();
    const messages = Array.from({ length: ROWS }, (_, i) => {
      const row = sampleRow(i);
      return { key: `host-${i % 500}`, value: codec.encode('result_event', row), headers: { 'osprey.id': row.id } };
    });
    let bus = new EmbeddedBus({ dataDir: dir, synchronous, maintenanceIntervalMs: 0 });
    await bus.ensureTopics([{ name: 'osprey.results', partitions: 4 }]);
    const producer = bus.producer();
    let started = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i += SEND) await producer.send('osprey.results', messages.slice(i, i + SEND));
    const produce = ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
    bus.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesPerRow = dirBytes(dir) / ROWS;
    await bus.close();
    bus = new EmbeddedBus({ dataDir: dir, synchronous, maintenanceIntervalMs: 0 });
    const consumer = bus.consumer({ groupId: 'bench', topics: ['osprey.results'] });
    let seen = 0;
    started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      void consumer.run(async (batch) => {
        seen += batch.messages.length;
        if (seen >= ROWS) resolve();
      });
    });
    const consume = ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
    await bus.close();
    return { produce, consume, bytesPerRow, valueBytes: messages.reduce((s, m) => s + m.value.length, 0) / ROWS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const full = await measure('FULL');
  const normal = await measure('NORMAL');
  return [
    {
      name: 'produce, synchronous=FULL (default)',
      value: full.produce,
      unit: 'rows/s',
      note: `sends of ${SEND}, 4 partitions`,
    },
    { name: 'produce, synchronous=NORMAL', value: normal.produce, unit: 'rows/s' },
    { name: 'consume (group, commit per batch)', value: full.consume, unit: 'rows/s', note: 'batches of 500' },
    {
      name: 'bytes on disk per row',
      value: full.bytesPerRow,
      unit: 'B',
      baseline: { name: 'Avro value bytes per row', value: full.valueBytes },
      note: 'incl. key, headers, index',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatResults } = await import('./types.js');
  console.log(formatResults('bus', await run()));
}
