/**
 * `osprey ship zeek|suricata PATH [--follow]`: one Avro network_event per log record onto the network topic, on
 * Kafka or the embedded bus (from --config's `bus`, or --brokers for Kafka), remembering its position in a private
 * file under the data directory so a restart resumes where the last acknowledged batch ended.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Command } from '../../common/command.js';
import { DATA_DIR_FLAG, QUIET_FLAG } from '../../common/stage-flags.js';
import { defineFlags, parseFlags, UsageError } from '../../common/command-flags.js';
import type { Bus } from '../../common/bus/types.js';
import { defaultCodec } from '../../common/codec/avro.js';
import { createLogger, type Logger } from '../../common/logger.js';
import { createProgress, ratePerSecond } from '../../common/progress.js';
import { busConfig, createBus, loadStageConfig } from '../../common/stage-kit/stage-config.js';
import { TOPICS } from '../../common/topics.js';
import { isSensorKind, type SensorKind } from '../parsers/log-parser.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import { PositionStore, type FilePosition } from './position.js';
import { tailLog, type TailCounts } from './tailer.js';

const FLAGS = defineFlags({
  follow: { type: 'boolean', description: 'Keep reading as the log grows and across rotations (until Ctrl-C)' },
  config: {
    type: 'string',
    value: 'FILE',
    description: 'YAML with `bus` and `topic`; the embedded bus without it',
    complete: 'file',
  },
  brokers: { type: 'string', value: 'HOST:PORT,...', description: "Kafka brokers (instead of the config's bus)" },
  topic: {
    type: 'string',
    value: 'TOPIC',
    description: `Topic the network events go to (default: the config's, else ${TOPICS.network})`,
  },
  sensor: { type: 'string', value: 'NAME', default: hostname, description: 'Sensor name put on each event' },
  data_dir: DATA_DIR_FLAG,
  state: {
    type: 'string',
    value: 'FILE',
    description: 'Position file (default: a private file under DATA_DIR/ship)',
    complete: 'file',
  },
  quiet: QUIET_FLAG,
});

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
  /** After each batch the bus acknowledged: records shipped so far and the byte offset reached. */
  readonly onProgress?: (records: number, offset: number) => void;
}

/** Reports each saved position (the tailer saves one per acknowledged batch) to the progress display. */
class ReportingPositions extends PositionStore {
  constructor(
    path: string,
    private readonly report: (offset: number) => void,
  ) {
    super(path);
  }

  override set(logPath: string, position: FilePosition): void {
    super.set(logPath, position);
    this.report(position.offset);
  }
}

/** Ships one log file; resolves with the counts when it is read (or, following, when the signal aborts). */
export async function shipLog(options: ShipOptions): Promise<TailCounts> {
  const codec = defaultCodec();
  const producer = options.bus.producer();
  let records = 0;
  const onProgress = options.onProgress;
  const positions = onProgress
    ? new ReportingPositions(options.statePath, (offset) => onProgress(records, offset))
    : new PositionStore(options.statePath);
  try {
    const send = async (events: NetworkEventInput[]): Promise<void> => {
      await producer.send(
        options.topic,
        events.map((e) => ({
          key: options.sensorName,
          value: codec.encode('network_event', e),
          timestamp: e.timestamp,
        })),
      );
      records += events.length;
    };
    return await tailLog({
      path: options.path,
      kind: options.kind,
      sensorName: options.sensorName,
      positions,
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

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // not there yet: the tailer reports it (or, following, waits for it)
  }
}

export function defaultStatePath(dataDir: string, kind: SensorKind, path: string): string {
  const digest = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 16);
  return join(dataDir, 'ship', `${kind}-${digest}.json`);
}

export const shipCommand: Command = {
  usage: 'osprey ship zeek|suricata PATH [--follow] [--config FILE | --brokers HOST:PORT,...] [flags]',
  description:
    'Reads a Zeek conn.log or Suricata eve.json record by record and sends one network event per record to the\n' +
    'network topic, resuming where the last acknowledged batch ended. On a terminal it shows bytes read and records/s.',
  example: 'osprey ship suricata /var/log/suricata/eve.json --follow',
  flags: FLAGS,
  operands: ['zeek', 'suricata'],
  async run(argv) {
    const { values, positionals } = parseFlags(FLAGS, argv, true);
    const [kind, path] = positionals;
    if (!kind || !path) throw new UsageError('needs a log kind (zeek or suricata) and a PATH.');
    if (!isSensorKind(kind)) throw new UsageError(`the log kind is zeek or suricata, not '${kind}'.`);
    const log = createLogger().child({ component: 'ship' });
    const config = loadStageConfig(shipConfig, values.config);
    const dataDir = values.data_dir;
    const bus = createBus(
      values.brokers ? { type: 'kafka', brokers: values.brokers.split(','), clientId: 'osprey-ship' } : config.bus,
      dataDir,
      log,
    );
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = createProgress({
      label: basename(path),
      total: fileSize(path),
      unit: 'bytes',
      quiet: values.quiet || values.follow,
    });
    const started = Date.now();
    try {
      const counts = await shipLog({
        kind,
        path: resolve(path),
        bus,
        topic: values.topic ?? config.topic,
        sensorName: values.sensor,
        statePath: values.state ?? defaultStatePath(dataDir, kind, path),
        follow: values.follow,
        log,
        signal: stop.signal,
        onProgress: (records, offset) =>
          progress.update(
            offset,
            `${records.toLocaleString('en-US')} records, ${ratePerSecond(records, started, 'records')}`,
          ),
      });
      log.info({ path, ...counts }, 'Shipping finished.');
      return counts.broken > 0 ? 2 : 0;
    } finally {
      progress.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await bus.close();
    }
  },
};
