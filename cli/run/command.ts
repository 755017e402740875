/**
 * `osprey run` (`npm start`): every stage in one process. The daemon collects (host inventory, processes, sockets,
 * listeners, users, packages) and logs to the bus; the enricher, the correlator (bundled Sigma, IDS and anomaly
 * rules) and the index stage consume from it. By default the bus is the embedded durable one and the index is the
 * embedded store, so no server is needed; `--kafka BROKERS` and `--elasticsearch URL` swap in the real ones. A second
 * start continues where the first stopped: offsets, differential state and the store live in the data directory.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { createBusLogger } from '../../collector/loggers/kafka/kafka.js';
import { daemonFlags } from '../../collector/daemon/flags.js';
import type { Daemon } from '../../collector/daemon/daemon.js';
import { correlatorConfig } from '../../correlator/config.js';
import { startCorrelator } from '../../correlator/run.js';
import { enricherConfig } from '../../enricher/config.js';
import { startEnricher } from '../../enricher/run.js';
import { startIndexer } from '../../indexer/pipeline.js';
import { createSink } from '../../indexer/sinks.js';
import type { Bus } from '../../common/bus/types.js';
import { defaultDataDir } from '../../common/data-dir.js';
import { messageOf } from '../../common/errors.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer, type HealthServer, type HealthServerOptions } from '../../common/health-server.js';
import { runUntilSignal } from '../../common/lifecycle.js';
import { createLogger, type Logger } from '../../common/logger.js';
import { mkdirPrivate } from '../../common/paths.js';
import { createBus, type BusConfig } from '../../common/stage-config.js';
import type { Command } from '../commands.js';
import { startConsole } from './console.js';
import { writeRunConfig } from './osquery-config.js';
import { VERSION } from '../../common/version.js';

const USAGE = `Usage: osprey run [--data_dir DIR] [--kafka BROKERS [--kafka_idempotence=false]] [--elasticsearch URL] [--metrics_listen HOST:PORT]
                  [--config_path OSQUERY_CONF] [daemon flags such as --host_identifier=uuid]

Runs the whole pipeline in one process: daemon, bus, enricher, correlator, index stage and metrics.`;

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

export const runCommand: Command = {
  summary: 'Run every stage in one process (npm start)',
  async run(argv) {
    let options: RunOptions;
    try {
      options = parseRunArgs(argv);
    } catch (err) {
      process.stderr.write(`osprey run: ${messageOf(err)}\n${USAGE}\n`);
      return 1;
    }
    if (argv.includes('--help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const log = createLogger({ level: process.env.OSPREY_LOG_LEVEL ?? 'warn' });
    return runUntilSignal(log, () => startPipeline(options, log));
  },
};

export function parseRunArgs(argv: string[]): RunOptions {
  // Our own options are split off; everything else is handed to the daemon's flag parser.
  const known: string[] = [];
  const daemonArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--(data_dir|kafka|kafka_idempotence|elasticsearch|metrics_listen|config_path|help)(=.*)?$/.exec(arg);
    if (!match) daemonArgs.push(arg);
    else if (match[2] !== undefined || match[1] === 'help') known.push(arg);
    else known.push(arg, argv[++i] ?? '');
  }
  const { values } = parseArgs({
    args: known,
    options: {
      data_dir: { type: 'string' },
      kafka: { type: 'string' },
      kafka_idempotence: { type: 'string' },
      elasticsearch: { type: 'string' },
      metrics_listen: { type: 'string' },
      config_path: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const options: RunOptions = {
    dataDir: values.data_dir ?? defaultDataDir(),
    listen: values.metrics_listen ?? DEFAULT_LISTEN.run,
    daemonArgs,
  };
  if (values.kafka) options.kafka = values.kafka;
  if (values.kafka_idempotence === 'false') options.kafkaIdempotence = false;
  if (values.elasticsearch) options.elasticsearch = values.elasticsearch;
  if (values.config_path) options.configPath = values.config_path;
  return options;
}

async function startPipeline(options: RunOptions, log: Logger): Promise<() => Promise<void>> {
  const { dataDir } = options;
  mkdirPrivate(dataDir);
  const registry = new Registry();
  registerDefaultMetrics(registry, VERSION);
  const busConfig: BusConfig = options.kafka
    ? { type: 'kafka', brokers: options.kafka.split(','), clientId: 'osprey-run', idempotent: options.kafkaIdempotence ?? true }
    : { type: 'embedded', dir: join(dataDir, 'bus') };
  const bus = createBus(busConfig, dataDir, log, registry);
  const stops: Array<() => Promise<void>> = [async () => bus.close()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0)) await stop().catch((err: unknown) => log.error({ err }, 'A stage did not stop cleanly.'));
  };
  try {
    const sink = createSink(
      options.elasticsearch
        ? { type: 'elasticsearch', node: options.elasticsearch, namespace: 'default' }
        : { type: 'embedded', dir: join(dataDir, 'store'), maxAgeMs: 30 * 86_400_000, maxBytes: 2 * 1024 ** 3 },
      log,
      registry,
    );
    const indexer = await startIndexer({ bus, sink, namespace: 'default', log, registry });
    stops.unshift(() => indexer.stop());
    const correlator = await startCorrelator({
      bus,
      config: correlatorConfig.parse({ bus: busConfig }),
      registry,
      log,
      stateDir: join(dataDir, 'correlator'),
    });
    stops.unshift(() => correlator.stop());
    const enricher = await startEnricher({ bus, config: enricherConfig.parse({ bus: busConfig }), dataDir, registry, log });
    stops.unshift(() => enricher.stop());
    const daemon = await startDaemon(options, bus, registry, log);
    stops.unshift(() => daemon.stop());
    const health = await serveMetrics(options.listen, registry, log, async () => {
      const sinkOk = await sink.healthcheck();
      return { ready: sinkOk, checks: { sink: sinkOk } };
    });
    const { server } = health;
    if (server) stops.push(() => server.close());
    const console = startConsole({ bus, registry, log });
    stops.unshift(() => console.stop());
    printBanner(options, health.shown);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}

async function startDaemon(options: RunOptions, bus: Bus, registry: Registry, log: Logger): Promise<Daemon> {
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
