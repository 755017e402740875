/**
 * `osprey daemon`: osqueryd. By default a watcher process runs the worker under the watchdog (watcher.ts);
 * --disable_watchdog runs the worker in this process. Signals: SIGTERM/SIGINT stop cleanly (queued records are
 * delivered first), SIGHUP reloads the config.
 */
import type { Command } from '../../common/command.js';
import { messageOf, OspreyError } from '../../common/errors.js';
import { createLogger, type Logger } from '../../common/logger.js';
import type { Registry } from 'prom-client';
import type { HealthServer } from '../../common/health-server.js';
import type { Flags } from '../flags/flags.js';
import type { Daemon } from './daemon.js';
import { daemonFlags, parseDaemonArgs } from './flags.js';
import { EXIT_CATASTROPHIC, STOP_REASON_ENV, Watcher, WORKER_ENV } from './watcher.js';
import { VERSION } from '../../common/version.js';

/** Osprey's own release (osprey_build_info), as the other stages report it. */
const OSPREY_VERSION = VERSION;

const USAGE = `Usage: osprey daemon [--flagfile F] [--config_path F] [--database_path D] [--logger_path D] [flags]

Runs scheduled queries and packs from an osquery config and logs differential results in osquery's formats
(osqueryd). Flags are osquery's (see \`SELECT * FROM osquery_flags\`), plus Osprey's osprey_* flags.
`;

export const daemonCommand: Command = {
  summary: 'Run scheduled queries and packs, logging differential results (osqueryd).',
  run: runDaemonCommand,
};

async function runDaemonCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const flags = daemonFlags();
  try {
    parseDaemonArgs(flags, argv);
  } catch (err) {
    process.stderr.write(`osprey daemon: ${messageOf(err)}\n`);
    return 1;
  }
  if (flags.getBool('config_check')) {
    // osqueryd --config_check: validate the config and exit, without starting anything.
    const { validateCommand } = await import('../config/validate-command.js');
    return validateCommand.run(argv.filter((arg) => !/^--?(no)?config_check(=|$)/.test(arg)));
  }
  if (flags.getBool('config_dump')) return dumpConfig(flags);
  const log = createLogger({ level: flags.getBool('verbose') ? 'debug' : undefined });
  const isWorker = process.env[WORKER_ENV] === '1';
  if (!isWorker && !flags.getBool('disable_watchdog')) return runWatcher(flags, log, argv);
  return runWorker(flags, log, isWorker);
}

async function runWatcher(flags: Flags, log: Logger, argv: string[]): Promise<number> {
  const watcher = new Watcher(flags, log, argv);
  const onStop = (): void => watcher.shutdown();
  const onHup = (): void => watcher.reload();
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onHup);
  try {
    return await watcher.run();
  } finally {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onHup);
  }
}

async function runWorker(flags: Flags, log: Logger, isWorker: boolean): Promise<number> {
  // Loaded here, not at the top: the watcher process stays small (no engine, SQLite, zod or logger plugins).
  const { Daemon } = await import('./daemon.js');
  const { Registry } = await import('prom-client');
  const registry = new Registry();
  let daemon: Daemon;
  try {
    const reason = process.env[STOP_REASON_ENV];
    daemon = await Daemon.start({ flags, log, metrics: registry, ...(reason ? { previousStopReason: reason } : {}) });
  } catch (err) {
    process.stderr.write(`osprey daemon: ${messageOf(err)}\n`);
    const fatal = err instanceof OspreyError && (err.code === 'CONFIG_INVALID' || err.code === 'LOCKED');
    return isWorker && fatal ? EXIT_CATASTROPHIC : 1;
  }
  const onStop = (): void => void daemon.stop();
  const onHup = (): void => {
    daemon.reload();
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onHup);
  if (isWorker) process.on('disconnect', onStop); // the watcher died: do not run unwatched
  const health = await serveHealth(flags, log, registry, daemon);
  try {
    await daemon.done;
    return daemon.exitCode;
  } finally {
    await health?.close();
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onHup);
    process.off('disconnect', onStop);
  }
}

/**
 * /metrics, /healthz and /readyz from the worker, where the queries run (the watcher restarts it, so a scrape that
 * fails for a few seconds means a respawn). A port already in use costs the endpoint, never the schedule.
 */
async function serveHealth(flags: Flags, log: Logger, registry: Registry, daemon: Daemon): Promise<HealthServer | undefined> {
  const listen = (flags.get('metrics_listen') ?? '').trim();
  if (listen === '') return undefined;
  const { registerDefaultMetrics, startHealthServer } = await import('../../common/health-server.js');
  registerDefaultMetrics(registry, OSPREY_VERSION);
  try {
    const server = await startHealthServer({ listen, registry, log, ready: () => daemon.readiness() });
    log.info({ url: server.url }, 'Serving /metrics, /healthz and /readyz.');
    return server;
  } catch (err) {
    log.error({ err }, `Cannot serve metrics on --metrics_listen=${listen}: ${messageOf(err)}; running without them.`);
    return undefined;
  }
}

/** osqueryd --config_dump: prints `{"<source>": <config>}` for each source (config file, .d files, pack files). */
async function dumpConfig(flags: Flags): Promise<number> {
  const { loadConfigFile } = await import('../config/load.js');
  const { parseConfigText } = await import('../config/text.js');
  const loaded = loadConfigFile(flags.get('config_path') ?? '', { flags });
  for (const [source, text] of loaded.sources) {
    try {
      process.stdout.write(`${JSON.stringify({ [source]: parseConfigText(text, source) })}\n`);
    } catch (err) {
      process.stderr.write(`osprey daemon: ${messageOf(err)}\n`);
    }
  }
  return loaded.errors.length > 0 ? 1 : 0;
}
