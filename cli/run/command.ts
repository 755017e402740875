/**
 * `osprey run` (`npm start`): every stage in one process. The daemon collects (host inventory, processes, sockets,
 * listeners, users, packages) and logs to the bus; the enricher, the correlator (bundled Sigma, IDS and anomaly
 * rules) and the index stage consume from it. By default the bus is the embedded durable one and the index is the
 * embedded store, so no server is needed; `--kafka BROKERS` and `--elasticsearch URL` swap in the real ones. A second
 * start continues where the first stopped: offsets, differential state and the store live in the data directory.
 */
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createBusLogger } from '../../collector/loggers/kafka/kafka.js';
import { daemonFlags } from '../../collector/daemon/flags.js';
import type { Daemon } from '../../collector/daemon/daemon.js';
import type { Bus } from '../../common/bus/types.js';
import { messageOf } from '../../common/errors.js';
import {
  DEFAULT_LISTEN,
  registerDefaultMetrics,
  startHealthServer,
  type HealthServer,
  type HealthServerOptions,
} from '../../common/health-server.js';
import { runUntilSignal } from '../../common/lifecycle.js';
import { createLogger, type Logger } from '../../common/logger.js';
import { mkdirPrivate } from '../../common/paths.js';
import { createBus, type BusConfig } from '../../common/stage-kit/stage-config.js';
import type { Command } from '../../common/command.js';
import { DATA_DIR_FLAG } from '../../common/stage-flags.js';
import { defineFlags, parseFlags, UsageError } from '../../common/command-flags.js';
import { startConsole } from './console.js';
import { startStages } from './stages.js';
import { writeRunConfig } from './osquery-config.js';
import { VERSION } from '../../common/version.js';
import { removeStatusFile, statusIdentity, writeStatusFile } from '../../common/status-file.js';

interface RunOptions {
  dataDir: string;
  kafka?: string;
  /** Off only for brokers without InitProducerId, such as the librdkafka mock cluster. */
  kafkaIdempotence?: boolean;
  elasticsearch?: string;
  listen: string;
  configPath?: string;
  daemonArgs: string[];
}

const FLAGS = defineFlags({
  data_dir: DATA_DIR_FLAG,
  kafka: { type: 'string', value: 'BROKERS', description: 'Kafka brokers (host:port,...) instead of the embedded bus' },
  kafka_idempotence: {
    type: 'string',
    value: 'true|false',
    default: 'true',
    description: 'Idempotent Kafka producer (false only for brokers without InitProducerId)',
    complete: ['true', 'false'],
  },
  elasticsearch: { type: 'string', value: 'URL', description: 'Elasticsearch instead of the embedded store' },
  metrics_listen: {
    type: 'string',
    value: 'HOST:PORT',
    default: DEFAULT_LISTEN.run,
    description: 'Where /metrics, /healthz and /readyz are served',
  },
  config_path: {
    type: 'string',
    value: 'FILE',
    description: "The daemon's osquery config (default: one written in DATA_DIR)",
    complete: 'file',
  },
});

export const runCommand: Command = {
  usage: 'osprey run [--data_dir DIR] [--kafka BROKERS] [--elasticsearch URL] [--config_path FILE] [daemon flags]',
  description:
    'Runs the whole pipeline in one process: daemon, bus, enricher, correlator, index stage and metrics. With no\n' +
    'flags nothing else is needed (embedded bus and store); a second start continues where the first stopped.',
  example: 'osprey run --data_dir /tmp/osprey --host_identifier=uuid',
  flags: FLAGS,
  notes: 'Any other flag goes to the daemon (`osprey daemon --help` lists them), such as --host_identifier=uuid.',
  async run(argv) {
    const options = parseRunArgs(argv);
    const log = createLogger({ level: process.env.OSPREY_LOG_LEVEL ?? 'warn' });
    return runUntilSignal(log, (signal) => startPipeline(options, log, signal));
  },
};

/** Our own flags are split off; everything else is the daemon's, checked here so a typo fails before anything starts. */
export function parseRunArgs(argv: string[]): RunOptions {
  const own = new RegExp(`^--(${Object.keys(FLAGS).join('|')})(=.*)?$`);
  const known: string[] = [];
  const daemonArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = own.exec(arg);
    if (!match) daemonArgs.push(arg);
    else if (match[2] !== undefined) known.push(arg);
    else known.push(arg, argv[++i] ?? '');
  }
  const { values } = parseFlags(FLAGS, known);
  try {
    daemonFlags().parse(daemonArgs);
  } catch (err) {
    throw new UsageError(messageOf(err));
  }
  const options: RunOptions = { dataDir: values.data_dir, listen: values.metrics_listen, daemonArgs };
  if (values.kafka) options.kafka = values.kafka;
  if (values.kafka_idempotence === 'false') options.kafkaIdempotence = false;
  if (values.elasticsearch) options.elasticsearch = values.elasticsearch;
  if (values.config_path) options.configPath = values.config_path;
  return options;
}

/**
 * Starts every stage; returns the function that stops them. A stop during start-up (a broker that does not answer
 * keeps the stages waiting) closes what has started, which ends those waits, and throws.
 */
async function startPipeline(options: RunOptions, log: Logger, signal: AbortSignal): Promise<() => Promise<void>> {
  const { dataDir } = options;
  mkdirPrivate(dataDir);
  const registry = new Registry();
  registerDefaultMetrics(registry, VERSION);
  const busConfig: BusConfig = options.kafka
    ? {
        type: 'kafka',
        brokers: options.kafka.split(','),
        clientId: 'osprey-run',
        idempotent: options.kafkaIdempotence ?? true,
      }
    : { type: 'embedded', dir: join(dataDir, 'bus') };
  const bus = createBus(busConfig, dataDir, log, registry);
  const stops: Array<() => Promise<void>> = [async () => bus.close()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0))
      await stop().catch((err: unknown) => log.error({ err }, 'A stage did not stop cleanly.'));
  };
  const stopStarting = (): void => void stopAll();
  signal.addEventListener('abort', stopStarting, { once: true });
  try {
    const sink = await startStages(
      {
        bus,
        busConfig,
        dataDir,
        registry,
        log,
        signal,
        ...(options.elasticsearch ? { elasticsearch: options.elasticsearch } : {}),
      },
      stops,
    );
    const daemon = await startDaemon(options, { bus, registry, log, signal });
    stops.unshift(() => daemon.stop());
    signal.throwIfAborted();
    const health = await serveMetrics(options.listen, registry, log, async () => {
      const sinkOk = await sink.healthcheck();
      return { ready: sinkOk, checks: { sink: sinkOk } };
    });
    const { server } = health;
    if (server) stops.push(() => server.close());
    writeStatusFile({ ...statusIdentity('run', options.dataDir), ...(server ? { metricsUrl: server.url } : {}) });
    stops.push(async () => removeStatusFile(options.dataDir, 'run'));
    const console = startConsole({ bus, registry, log });
    stops.unshift(() => console.stop());
    // First to stop: a write waiting for an unreachable cluster ends, its batch stays uncommitted for the next start.
    if (sink.type === 'elasticsearch') stops.unshift(() => sink.close());
    printBanner(options, health.shown);
  } catch (err) {
    await stopAll();
    throw err;
  } finally {
    signal.removeEventListener('abort', stopStarting);
  }
  return stopAll;
}

/** What the in-process daemon shares with the other stages of `osprey run`. */
interface SharedParts {
  readonly bus: Bus;
  readonly registry: Registry;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

async function startDaemon(options: RunOptions, { bus, registry, log, signal }: SharedParts): Promise<Daemon> {
  const flags = daemonFlags();
  const dir = join(options.dataDir, 'daemon');
  mkdirPrivate(dir);
  flags.set('database_path', dir);
  flags.set('logger_path', join(options.dataDir, 'logs'));
  flags.set('logger_plugin', 'filesystem');
  // Extensions connect to this run's own socket, not the system daemon's /var/osquery/osquery.em.
  flags.set('extensions_socket', join(dir, 'osquery.em'));
  // One process: the watchdog's worker split does not apply; the pipeline's own metrics server replaces the daemon's.
  flags.set('disable_watchdog', 'true');
  if (flags.has('metrics_listen')) flags.set('metrics_listen', '');
  flags.set('config_path', options.configPath ?? writeRunConfig(options.dataDir));
  flags.parse(options.daemonArgs);
  const { Daemon } = await import('../../collector/daemon/daemon.js');
  return Daemon.start({
    flags,
    log,
    metrics: registry,
    signal,
    extraPlugins: { bus: (ctx) => createBusLogger(ctx, bus, { name: 'bus', ownsBus: false }) },
  });
}

/**
 * As the daemon: a port already in use (another Osprey on 9420, say) costs the endpoint, never the pipeline. Returns
 * the server, if any, and what the banner shows for it.
 */
async function serveMetrics(
  listen: string,
  registry: Registry,
  log: Logger,
  ready: HealthServerOptions['ready'],
): Promise<{ server?: HealthServer; shown: string }> {
  try {
    const server = await startHealthServer({ listen, registry, log, ready });
    return { server, shown: `${server.url}/metrics` };
  } catch (err) {
    log.error({ err }, `Cannot serve metrics on --metrics_listen=${listen}: ${messageOf(err)}; running without them.`);
    return { shown: `none (${listen}: ${messageOf(err)})` };
  }
}

function printBanner(options: RunOptions, metrics: string): void {
  const lines = [
    'Osprey is running. Ctrl-C stops it; a second start continues where this one stopped.',
    `  data:     ${options.dataDir}`,
    `  bus:      ${options.kafka ? `kafka ${options.kafka}` : join(options.dataDir, 'bus')}`,
    `  index:    ${options.elasticsearch ?? join(options.dataDir, 'store')}`,
    `  results:  ${join(options.dataDir, 'logs', 'osqueryd.results.log')}`,
    `  metrics:  ${metrics}`,
    `  search:   osprey search --data_dir ${options.dataDir} [TEXT] [--where process.name=nc] [--stream alert]`,
    `  network:  osprey ship suricata eve.json --data_dir ${options.dataDir}   (or: ship zeek conn.log)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
