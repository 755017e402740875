/**
 * `osprey daemon`: osqueryd. By default a watcher process runs the worker under the watchdog (watcher.ts);
 * --disable_watchdog runs the worker in this process. Signals: SIGTERM/SIGINT stop cleanly (queued records are
 * delivered first), SIGHUP reloads the config.
 */
import type { Command } from '../../common/command.js';
import { UsageError } from '../../common/command-flags.js';
import { listedDefinitions, specsFromDefinitions } from '../flags/gflags-spec.js';
import { messageOf, OspreyError } from '../../common/errors.js';
import { createLogger, type Logger } from '../../common/logger.js';
import type { Registry } from 'prom-client';
import type { HealthServer } from '../../common/health-server.js';
import type { Flags } from '../flags/flags.js';
import type { Daemon } from './daemon.js';
import { daemonFlags, parseDaemonArgs } from './flags.js';
import { EXIT_CATASTROPHIC, STOP_REASON_ENV, Watcher, WORKER_ENV } from './watcher.js';
import { VERSION } from '../../common/version.js';
import { exitWhenIdle, STOP_BUDGET_MS, watchStopSignals, type StopSignals } from '../../common/lifecycle.js';

/** Osprey's own release (osprey_build_info), as the other stages report it. */
const OSPREY_VERSION = VERSION;

export const daemonCommand: Command = {
  usage: 'osprey daemon [--flagfile F] [--config_path F] [--database_path D] [--logger_path D] [flags]',
  description:
    "Runs scheduled queries and packs from an osquery config and logs differential results in osquery's formats\n" +
    "(osqueryd). Flags are osquery's (`SELECT * FROM osquery_flags`), plus Osprey's own.",
  example: 'osprey daemon --flagfile=/etc/osprey/osprey.flags --config_path=/etc/osprey/osprey.conf',
  get flags() {
    return { version: VERSION_FLAG, ...specsFromDefinitions(listedDefinitions(daemonFlags())) };
  },
  notes: 'Signals: SIGTERM and SIGINT stop cleanly, SIGHUP reloads the config.',
  run: runDaemonCommand,
};

const VERSION_FLAG = { type: 'boolean', description: 'Print "osqueryd version X" and exit' } as const;

async function runDaemonCommand(argv: string[]): Promise<number> {
  if (argv.includes('--version')) {
    process.stdout.write(`osqueryd version ${VERSION}\n`);
    return 0;
  }
  const flags = daemonFlags();
  try {
    parseDaemonArgs(flags, argv);
  } catch (err) {
    throw new UsageError(messageOf(err));
  }
  if (flags.getBool('config_check')) {
    // osqueryd --config_check: validate the config and exit, without starting anything.
    const { validateCommand } = await import('./validate-command.js');
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
  // The worker stops within its own budget; the watcher kills it just before the contract's 5 s would pass.
  const stops = watchStopSignals(log, { budgetMs: STOP_BUDGET_MS + 500, onSecondSignal: () => watcher.kill() });
  void stops.requested.then(() => watcher.shutdown(STOP_BUDGET_MS - 500));
  const onHup = (): void => watcher.reload();
  process.on('SIGHUP', onHup);
  try {
    const code = await watcher.run();
    exitWhenIdle(code);
    return code;
  } finally {
    stops.dispose();
    process.off('SIGHUP', onHup);
  }
}

async function runWorker(flags: Flags, log: Logger, isWorker: boolean): Promise<number> {
  // A terminal's Ctrl-C reaches the watcher and its worker alike; the worker leaves SIGINT to the watcher, whose
  // SIGTERM follows, so that one Ctrl-C is one graceful stop and not a second signal's immediate exit.
  const ignore = (): void => undefined;
  if (isWorker) process.on('SIGINT', ignore);
  // Listening before start-up: a stop while the worker waits for extensions or a TLS server is a stop too.
  const stops = watchStopSignals(log, {
    signals: isWorker ? ['SIGTERM'] : ['SIGTERM', 'SIGINT'],
    budgetMs: STOP_BUDGET_MS - 1000,
  });
  const onDisconnect = (): void => stops.request('the watcher went away'); // do not run unwatched
  if (isWorker) process.on('disconnect', onDisconnect);
  try {
    return await superviseWorker(flags, log, isWorker, stops);
  } finally {
    stops.dispose();
    process.off('SIGINT', ignore);
    process.off('disconnect', onDisconnect);
  }
}

async function superviseWorker(flags: Flags, log: Logger, isWorker: boolean, stops: StopSignals): Promise<number> {
  // Loaded here, not at the top: the watcher process stays small (no engine, SQLite, zod or logger plugins).
  const { Daemon } = await import('./daemon.js');
  const { Registry } = await import('prom-client');
  const registry = new Registry();
  let daemon: Daemon;
  try {
    const reason = process.env[STOP_REASON_ENV];
    daemon = await Daemon.start({
      flags,
      log,
      metrics: registry,
      signal: stops.signal,
      ...(reason ? { previousStopReason: reason } : {}),
    });
  } catch (err) {
    if (stops.signal.aborted) {
      log.info('Stopped during start-up.');
      exitWhenIdle(0);
      return 0;
    }
    process.stderr.write(`osprey daemon: ${messageOf(err)}\n`);
    const fatal = err instanceof OspreyError && (err.code === 'CONFIG_INVALID' || err.code === 'LOCKED');
    return isWorker && fatal ? EXIT_CATASTROPHIC : 1;
  }
  void stops.requested.then(() => daemon.stop());
  const onHup = (): void => {
    daemon.reload();
  };
  process.on('SIGHUP', onHup);
  const health = await serveHealth(flags, log, registry, daemon);
  const { DEFAULT_DATABASE_PATH, removeStatusFile, statusIdentity, writeStatusFile } =
    await import('../../common/status-file.js');
  const stateDir = flags.get('database_path') ?? DEFAULT_DATABASE_PATH;
  try {
    writeStatusFile({ ...statusIdentity('daemon', stateDir), ...(health ? { metricsUrl: health.url } : {}) });
  } catch (err) {
    log.warn(
      { err },
      `Cannot write the status file in ${stateDir}: ${messageOf(err)}; osprey status will not see this daemon.`,
    );
  }
  try {
    await daemon.done;
    return daemon.exitCode;
  } finally {
    removeStatusFile(stateDir, 'daemon');
    await health?.close();
    process.off('SIGHUP', onHup);
    exitWhenIdle(daemon.exitCode);
  }
}

/**
 * /metrics, /healthz and /readyz from the worker, where the queries run (the watcher restarts it, so a scrape that
 * fails for a few seconds means a respawn). A port already in use costs the endpoint, never the schedule.
 */
async function serveHealth(
  flags: Flags,
  log: Logger,
  registry: Registry,
  daemon: Daemon,
): Promise<HealthServer | undefined> {
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
