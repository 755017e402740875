import { createRequire } from 'node:module';
import type * as PinoModule from 'pino';
import type { Logger, LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** pino costs ~40 ms to load; the shell logs nothing, so it is loaded on first use only. */
const requirePino = createRequire(import.meta.url);
let pinoFunction: typeof PinoModule.pino | undefined;

function loadPino(): typeof PinoModule.pino {
  pinoFunction ??= (requirePino('pino') as typeof PinoModule).pino;
  return pinoFunction;
}

/** Keys whose values never reach a log line (enroll secrets, node keys, passwords, API keys). */
const REDACTED_PATHS = [
  '*.password',
  '*.enroll_secret',
  '*.node_key',
  '*.api_key',
  '*.apiKey',
  '*.sasl',
  'password',
  'node_key',
  'enroll_secret',
];

export interface LoggerSettings {
  level?: string;
  /** Write to this file descriptor (2 = stderr, the default, so stdout stays for results). */
  fd?: number;
}

/** Root structured logger; stages take child loggers with `{ component }`. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.OSPREY_LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
  };
  const pino = loadPino();
  return pino(options, pino.destination({ fd: settings.fd ?? 2, sync: true }));
}

/** Members of a silent logger that no stub below has come from one real silent pino logger, made on first need. */
let realSilent: Logger | undefined;
const silentFallback = new Proxy(
  {},
  {
    get(_target, key) {
      realSilent ??= loadPino()({ level: 'silent' });
      const value: unknown = Reflect.get(realSilent, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(realSilent) : value;
    },
  },
);

/** The methods callers use on a silent logger, without loading pino. */
class SilentLogger {
  level = 'silent';
  fatal(): void {}
  error(): void {}
  warn(): void {}
  info(): void {}
  debug(): void {}
  trace(): void {}
  silent(): void {}
  child(): SilentLogger {
    return new SilentLogger();
  }
  isLevelEnabled(): boolean {
    return false;
  }
}
Object.setPrototypeOf(SilentLogger.prototype, silentFallback);

/**
 * A logger that drops everything: for tests and library use where no logger is given. The log methods, child() and
 * isLevelEnabled() are plain stubs; anything else a caller reaches for comes from a real silent pino logger.
 */
export function silentLogger(): Logger {
  return new SilentLogger() as unknown as Logger;
}
