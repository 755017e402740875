/**
 * Two steps of the worker's start-up that need only flags and the store: building the logger plugins that
 * --logger_plugin names (plus those `osprey run` adds), and osquery's "Scheduled query may have failed" check.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Logger } from '../../common/logger.js';
import type { Flags } from '../flags/flags.js';
import { loggerFactory, parseLoggerPlugins } from '../loggers/registry/index.js';
import type { LoggerPlugin, LoggerPluginFactory, TlsLogSession } from '../loggers/types.js';
import type { Denylist } from './denylist.js';

export interface LoggerPluginsOptions {
  readonly flags: Flags;
  readonly log: Logger;
  readonly metrics: Registry;
  readonly extra?: Readonly<Record<string, LoggerPluginFactory>>;
  readonly config: () => Readonly<Record<string, unknown>>;
  /** The remote session for the tls logger (retained per call). */
  readonly tlsSession?: () => TlsLogSession;
}

/** Each plugin gets its own state directory under database_path; result files default to mode 0600. */
export async function createLoggerPlugins(options: LoggerPluginsOptions): Promise<LoggerPlugin[]> {
  const { flags, log, metrics, config, tlsSession } = options;
  const names = flags.getBool('disable_logging') ? [] : parseLoggerPlugins(flags.get('logger_plugin') ?? 'filesystem');
  const view = {
    get: (name: string): string | undefined =>
      name === 'logger_mode' && !flags.isSet('logger_mode') ? '0600' : flags.get(name),
    getBool: (name: string) => flags.getBool(name),
    getNumber: (name: string) => flags.getNumber(name),
  };
  const plugins: LoggerPlugin[] = [];
  const extra = options.extra ?? {};
  for (const name of [...names, ...Object.keys(extra)]) {
    const stateDir = join(flags.get('database_path') ?? '', 'loggers', name);
    const factory = extra[name] ?? loggerFactory(name);
    plugins.push(await factory({ flags: view, config, log, metrics, stateDir, tlsSession }));
  }
  return plugins;
}

export interface InterruptedQueryCheck {
  readonly denylist: Denylist;
  readonly status: { warning(message: string): void };
  readonly flags: Flags;
  /** Why the watcher stopped the previous worker, if it did. */
  readonly previousStopReason?: string;
}

/** osquery's "Scheduled query may have failed" check, with a day of denylisting when the watchdog is on. */
export function checkInterruptedQuery({ denylist, status, flags, previousStopReason }: InterruptedQueryCheck): void {
  const name = denylist.takeInterruptedQuery();
  if (name === undefined) {
    if (previousStopReason) status.warning(`The watchdog restarted the worker: ${previousStopReason}`);
    return;
  }
  status.warning(`Scheduled query may have failed: ${name}`);
  if (flags.getBool('disable_watchdog')) return;
  denylist.add(name, Math.floor(Date.now() / 1000));
  const why = previousStopReason ? ` (${previousStopReason})` : '';
  status.warning(`Denylisting scheduled query ${name} for 86400 seconds${why}`);
}
