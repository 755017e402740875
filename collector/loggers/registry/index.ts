/**
 * The logger plugin registry, keyed by osquery's --logger_plugin names. The Kafka engineer adds `kafka_producer`
 * (alias `kafka`); `tls` posts through the daemon's remote session. --logger_plugin takes a comma list, each plugin gets every record.
 */
import { OspreyError } from '../../../common/errors.js';
import type { LoggerPluginFactory } from '../types.js';

// Every plugin loads on use: the shell, which logs nothing, does not pay for them (syslog's metrics load prom-client).
export const LOGGER_PLUGINS = {
  filesystem: async (ctx) => (await import('../filesystem.js')).createFilesystemLogger(ctx),
  stdout: async (ctx) => (await import('../stdout.js')).createStdoutLogger(ctx),
  syslog: async (ctx) => (await import('../syslog.js')).createSyslogLogger(ctx),
  // Loaded on use: a daemon that does not log to Kafka does not pay for kafkajs and avsc in memory.
  kafka_producer: async (ctx) => (await import('../kafka/kafka.js')).createKafkaLogger(ctx),
  kafka: async (ctx) => (await import('../kafka/kafka.js')).createKafkaLogger(ctx),
  // osquery's TLS remote API (Fleet, osctrl): the daemon's enrolled session comes in the context.
  tls: async (ctx) => (await import('../tls.js')).createTlsLogger(ctx),
} satisfies Record<string, LoggerPluginFactory>;

const REGISTRY: Record<string, LoggerPluginFactory> = { ...LOGGER_PLUGINS };

/** Adds a logger plugin from an extension (collector/extensions/plugins.ts); a taken name is refused. */
export function registerLoggerPlugin(name: string, factory: LoggerPluginFactory): void {
  if (REGISTRY[name]) {
    throw new OspreyError('CONFIG_INVALID', `Logger plugin "${name}" is already registered.`, { retriable: false });
  }
  REGISTRY[name] = factory;
}

/** Every registered logger plugin name (osquery_registry's logger rows). */
export function loggerPluginNames(): string[] {
  return Object.keys(REGISTRY).sort();
}

/** Splits `filesystem,kafka_producer` into plugin names, checking each is registered. */
export function parseLoggerPlugins(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!REGISTRY[name]) {
      throw new OspreyError(
        'CONFIG_INVALID',
        `Unknown logger plugin "${name}" in --logger_plugin (known: ${Object.keys(REGISTRY).sort().join(', ')})`,
        { retriable: false },
      );
    }
  }
  return [...new Set(names)];
}

export function loggerFactory(name: string): LoggerPluginFactory {
  const factory = REGISTRY[name];
  if (!factory) throw new OspreyError('CONFIG_INVALID', `Unknown logger plugin "${name}"`, { retriable: false });
  return factory;
}
