import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

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
  return pino(options, pino.destination({ fd: settings.fd ?? 2, sync: true }));
}

/** A logger that drops everything: for tests and library use where no logger is given. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
