/**
 * `osprey ship zeek|suricata PATH [--follow]`: one Avro network_event per log record onto the network topic, on
 * Kafka or the embedded bus (from --config's `bus`, or --brokers for Kafka), remembering its position in a private
 * file under the data directory so a restart resumes where the last acknowledged batch ended.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Command } from '../../common/command.js';
import type { Bus } from '../../common/bus/types.js';
import { defaultCodec } from '../../common/codec/avro.js';
import { defaultDataDir } from '../../common/data-dir.js';
import { createLogger, type Logger } from '../../common/logger.js';
import { busConfig, createBus, loadStageConfig } from '../../common/stage-config.js';
import { TOPICS } from '../../common/topics.js';
import { isSensorKind, type SensorKind } from '../parsers/log-parser.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import { PositionStore } from './position.js';
import { tailLog, type TailCounts } from './tailer.js';

const USAGE = `Usage: osprey ship zeek|suricata PATH [--follow] [--config FILE] [--brokers host:port,...] [--topic T]
                  [--sensor NAME] [--data_dir DIR] [--state FILE]`;

const shipConfig = z
  .object({ bus: busConfig.default({ type: 'embedded' }), topic: z.string().min(1).default(TOPICS.network) })
  .strict();

export interface ShipOptions {
  readonly kind: SensorKind;
  readonly path: string;
  readonly bus: Bus;
  readonly topic: string;
  readonly sensorName: string;
  readonly statePath: string;
  readonly follow: boolean;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

/** Ships one log file; resolves with the counts when it is read (or, following, when the signal aborts). */
export async function shipLog(options: ShipOptions): Promise<TailCounts> {
  const codec = defaultCodec();
  const producer = options.bus.producer();
  try {
    const send = (events: NetworkEventInput[]): Promise<void> =>
      producer.send(options.topic, events.map((e) => ({ key: options.sensorName, value: codec.encode('network_event', e), timestamp: e.timestamp })));
    return await tailLog({
      path: options.path,
      kind: options.kind,
      sensorName: options.sensorName,
      positions: new PositionStore(options.statePath),
      send,
      follow: options.follow,
      log: options.log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    });
  } finally {
    await producer.close();
  }
}

export function defaultStatePath(dataDir: string, kind: SensorKind, path: string): string {
  const digest = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 16);
  return join(dataDir, 'ship', `${kind}-${digest}.json`);
}

export const shipCommand: Command = {
  summary: 'Ship Zeek or Suricata logs onto the network topic (tails files like a log shipper)',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        follow: { type: 'boolean', default: false },
        config: { type: 'string' },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        sensor: { type: 'string' },
        data_dir: { type: 'string' },
        state: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    const [kind, path] = positionals;
    if (values.help || !kind || !path || !isSensorKind(kind)) {
      process.stderr.write(`${USAGE}\n`);
      return values.help ? 0 : 1;
    }
    const log = createLogger().child({ component: 'ship' });
    const config = loadStageConfig(shipConfig, values.config);
    const dataDir = values.data_dir ?? defaultDataDir();
    const bus = createBus(values.brokers ? { type: 'kafka', brokers: values.brokers.split(','), clientId: 'osprey-ship' } : config.bus, dataDir, log);
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const counts = await shipLog({
        kind,
        path: resolve(path),
        bus,
        topic: values.topic ?? config.topic,
        sensorName: values.sensor ?? hostname(),
        statePath: values.state ?? defaultStatePath(dataDir, kind, path),
        follow: values.follow,
        log,
        signal: stop.signal,
      });
      log.info({ path, ...counts }, 'Shipping finished.');
      return counts.broken > 0 ? 2 : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await bus.close();
    }
  },
};
