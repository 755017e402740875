/**
 * Rows/s from differential records to acknowledged Kafka through the kafka logger plugin (Avro encode, key, dedupe
 * id, our linger batching, acks=all) on the librdkafka mock cluster, against `kcat -P` producing the same number of
 * same-size messages to the same cluster in the same run (librdkafka, acks=all). kcat's time includes its start-up.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { silentLogger } from '../common/logger.js';
import { createKafkaLogger } from '../collector/loggers/kafka/kafka.js';
import type { DiffRecord, LogRecord, LoggerPluginContext } from '../collector/loggers/types.js';
import { kcatPath, startKafkaMock } from './support/kafka-mock.js';
import { defaultCodec } from '../common/codec/avro.js';
import { sampleRow } from './avro.bench.js';
import type { BenchResult } from './types.js';

const ROWS = Number(process.env.OSPREY_BENCH_ROWS ?? 200_000);
const ROWS_PER_RECORD = 100;
const RECORDS_PER_DELIVER = 500; // the daemon hands plugins 500 queued records at a time

function records(): LogRecord[] {
  const out: LogRecord[] = [];
  for (let r = 0; r < ROWS / ROWS_PER_RECORD; r++) {
    const sample = sampleRow(r);
    const payload: DiffRecord = {
      kind: 'diff',
      name: sample.name,
      hostIdentifier: `host-${r % 50}`,
      calendarTime: sample.calendarTime,
      unixTime: sample.unixTime,
      epoch: 0,
      counter: r,
      numerics: false,
      decorations: sample.decorations,
      removed: [],
      added: Array.from({ length: ROWS_PER_RECORD }, (_, i) => sampleRow(r * ROWS_PER_RECORD + i).columns),
    };
    out.push({ seq: r + 1, payload });
  }
  return out;
}

async function pluginRate(servers: string, compression: 'none' | 'gzip', topic: string): Promise<number> {
  const flags: Record<string, string> = {
    logger_kafka_brokers: servers,
    logger_kafka_acks: 'all',
    logger_kafka_compression: compression,
    logger_kafka_topic: topic,
    logger_event_type: 'true',
  };
  const ctx: LoggerPluginContext = {
    flags: { get: (n) => flags[n], getBool: (n) => flags[n] === 'true', getNumber: (n) => Number(flags[n] ?? 0) },
    config: () => ({}),
    log: silentLogger(),
    metrics: new Registry(),
    stateDir: tmpdir(),
  };
  const plugin = await createKafkaLogger(ctx, { idempotent: false });
  const all = records();
  await plugin.deliver(all.slice(0, 1)); // connect and fetch metadata outside the timing
  const started = process.hrtime.bigint();
  for (let i = 1; i < all.length; i += RECORDS_PER_DELIVER) await plugin.deliver(all.slice(i, i + RECORDS_PER_DELIVER));
  const rate = (ROWS - ROWS_PER_RECORD) / (Number(process.hrtime.bigint() - started) / 1e9);
  await plugin.close();
  return rate;
}

function kcatRate(servers: string, size: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-kcat-bench-'));
  try {
    const file = join(dir, 'messages');
    writeFileSync(file, `${'x'.repeat(size)}\n`.repeat(ROWS));
    const started = process.hrtime.bigint();
    const result = spawnSync(kcatPath(), ['-P', '-b', servers, '-t', 'kcat-bench', '-X', 'acks=all', '-l', file], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`kcat -P failed: ${result.stderr}`);
    return ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const mock = await startKafkaMock();
  try {
    const size = defaultCodec().encode('result_event', sampleRow(0)).length;
    const kcat = kcatRate(mock.bootstrapServers, size);
    if (process.env.OSPREY_BENCH_DEBUG) console.error('kcat', kcat);
    const plain = await pluginRate(mock.bootstrapServers, 'none', 'bench-none');
    const gzip = await pluginRate(mock.bootstrapServers, 'gzip', 'bench-gzip');
    const baseline = { name: `kcat -P, ${size}-byte messages`, value: kcat };
    return [
      {
        name: 'kafka logger, Avro, acks=all, no compression',
        value: plain,
        unit: 'rows/s',
        baseline,
        note: `${ROWS} rows, 3 mock brokers`,
      },
      { name: 'kafka logger, Avro, acks=all, gzip', value: gzip, unit: 'rows/s', baseline },
    ];
  } finally {
    await mock.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatResults } = await import('./types.js');
  console.log(formatResults('kafka', await run()));
}
