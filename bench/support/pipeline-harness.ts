/**
 * Pieces of the pipeline benchmark: a data directory with the embedded bus as `osprey run` creates it, the daemon's
 * own bus logger plugin over it, reading a topic back, re-sending messages into another bus, consumer-group
 * catch-up as the witness that a stage has finished its input, and CPU time of a piece of work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createBusLogger } from '../../collector/loggers/kafka/kafka.js';
import type { LoggerPlugin } from '../../collector/loggers/types.js';
import type { EmbeddedBus } from '../../common/bus/embedded.js';
import type { OutgoingMessage } from '../../common/bus/types.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { createBus, type BusConfig } from '../../common/stage-kit/stage-config.js';
import { startStages, type StageName } from '../../cli/run/stages.js';
import type { IndexSink } from '../../indexer/sinks.js';

export interface PipelineDir {
  readonly dir: string;
  readonly bus: EmbeddedBus;
  readonly busConfig: BusConfig;
  readonly registry: Registry;
  readonly log: Logger;
  /** Starts the stages as `osprey run` composes them (all, or some); stopped by close(). */
  start(only?: readonly StageName[]): Promise<IndexSink>;
  close(): Promise<void>;
}

/** A fresh data directory with the embedded bus exactly as `osprey run` makes it (createBus, <data_dir>/bus). */
export function pipelineDir(): PipelineDir {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-pipeline-bench-'));
  const busConfig: BusConfig = { type: 'embedded', dir: join(dir, 'bus') };
  const log = silentLogger();
  const registry = new Registry();
  const bus = createBus(busConfig, dir, log, registry) as EmbeddedBus;
  const stops: Array<() => Promise<void>> = [async () => bus.close()];
  return {
    dir,
    bus,
    busConfig,
    registry,
    log,
    start: (only) => startStages({ bus, busConfig, dataDir: dir, registry, log, ...(only ? { only } : {}) }, stops),
    async close() {
      for (const stop of stops.splice(0)) await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The daemon's logger plugin for `osprey run` (collector/loggers/kafka: Avro, keys, dedupe ids, routing). */
export function daemonLogger(target: PipelineDir): Promise<LoggerPlugin> {
  return createBusLogger(
    {
      flags: { get: () => undefined, getBool: () => false, getNumber: () => 0 },
      config: () => ({}),
      log: target.log,
      metrics: target.registry,
      stateDir: target.dir,
    },
    target.bus,
    { name: 'bus', ownsBus: false },
  );
}

/** Every message of a topic, partition by partition, as it would be sent again. */
export function topicMessages(bus: EmbeddedBus, name: string): OutgoingMessage[] {
  const topic = bus.store.topic(name);
  if (!topic) return [];
  const out: OutgoingMessage[] = [];
  for (let partition = 0; partition < topic.partitions; partition++) {
    for (const m of bus.store.read(topic.id, partition, 0, Number.MAX_SAFE_INTEGER)) {
      const headers = m.headers === null ? undefined : (JSON.parse(m.headers) as Record<string, string>);
      out.push({ key: m.key, value: m.value, timestamp: m.timestamp, ...(headers ? { headers } : {}) });
    }
  }
  return out;
}

/** Sends in chunks of `chunk`, as the daemon's logger does (SEND_CHUNK 1000). */
export async function inject(bus: EmbeddedBus, topic: string, messages: readonly OutgoingMessage[], chunk = 1000) {
  const producer = bus.producer();
  for (let i = 0; i < messages.length; i += chunk) await producer.send(topic, messages.slice(i, i + chunk));
}

/** Whether the group has committed every message of every topic (stages commit only after their output is durable). */
export function caughtUp(bus: EmbeddedBus, group: string, topics: readonly string[]): boolean {
  for (const name of topics) {
    const topic = bus.store.topic(name);
    if (!topic) continue;
    for (let p = 0; p < topic.partitions; p++) {
      const high = bus.store.highWatermark(topic.id, p);
      if (high > 0 && (bus.store.committed(group, topic.id, p) ?? 0) < high) return false;
    }
  }
  return true;
}

export function messagesIn(bus: EmbeddedBus, name: string): number {
  const topic = bus.store.topic(name);
  if (!topic) return 0;
  let total = 0;
  for (let p = 0; p < topic.partitions; p++) total += bus.store.highWatermark(topic.id, p);
  return total;
}

/** Resolves once `witness` holds; checked every 10 ms (the stages run in this process meanwhile). */
export async function until(what: string, witness: () => boolean, limitMs = 300_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!witness()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** CPU seconds (user + system, all threads of this process) spent until `work` resolves. */
export async function cpuSeconds(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
