/**
 * The parts every pipeline stage's config shares (bus, metrics address), as zod schemas, and the bus registry keyed
 * by the config's `type`. A stage's own config extends these; `loadStageConfig` reads YAML or JSON and reports
 * every error with its path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EmbeddedBus } from '../bus/embedded.js';
import { KafkaBus } from '../bus/kafka.js';
import type { Bus } from '../bus/types.js';
import { OspreyError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Registry } from '../metrics.js';

export const embeddedBusConfig = z
  .object({
    type: z.literal('embedded'),
    dir: z.string().optional().describe('Bus directory; default <data_dir>/bus.'),
  })
  .strict();

export const kafkaBusConfig = z
  .object({
    type: z.literal('kafka'),
    brokers: z.array(z.string().min(1)).min(1).describe('Bootstrap servers, host:port.'),
    clientId: z.string().default('osprey'),
    idempotent: z
      .boolean()
      .default(true)
      .describe('Idempotent producer; turn off only for brokers without InitProducerId (the librdkafka mock cluster).'),
    ssl: z
      .union([
        z.boolean(),
        z.object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() }).strict(),
      ])
      .optional()
      .describe('true, or PEM file paths for a private CA and client certificates.'),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string(),
        password: z.string().describe('Never logged.'),
      })
      .strict()
      .optional(),
  })
  .strict();

export const busConfig = z.discriminatedUnion('type', [embeddedBusConfig, kafkaBusConfig]);
/** What createBus accepts: defaults (clientId, idempotent) may be left out. */
export type BusConfig = z.input<typeof busConfig>;

export const metricsConfig = z
  .object({
    listen: z.string().optional().describe('host:port for /metrics, /healthz and /readyz; loopback by default.'),
  })
  .strict();

type BusFactory<C> = (config: C, dataDir: string, log: Logger, registry?: Registry) => Bus;
type Input<S extends z.ZodType> = z.input<S>;

export const BUSES = {
  embedded: (config, dataDir, log) => new EmbeddedBus({ dataDir: config.dir ?? join(dataDir, 'bus'), log }),
  kafka: (config, _dataDir, log, registry) => {
    const read = (path: string | undefined): string | undefined => (path ? readFileSync(path, 'utf8') : undefined);
    const ssl =
      typeof config.ssl === 'object'
        ? { ca: read(config.ssl.ca), cert: read(config.ssl.cert), key: read(config.ssl.key) }
        : config.ssl;
    return new KafkaBus({
      brokers: config.brokers,
      log,
      ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
      ...(config.idempotent !== undefined ? { idempotent: config.idempotent } : {}),
      ...(ssl !== undefined ? { ssl } : {}),
      ...(config.sasl ? { sasl: config.sasl } : {}),
      ...(registry ? { producer: { registry } } : {}),
    });
  },
} satisfies {
  embedded: BusFactory<Input<typeof embeddedBusConfig>>;
  kafka: BusFactory<Input<typeof kafkaBusConfig>>;
};

/** `registry` (optional) receives the Kafka producer's metrics (osprey_kafka_produce_*). */
export function createBus(config: BusConfig, dataDir: string, log: Logger, registry?: Registry): Bus {
  return config.type === 'kafka' ? BUSES.kafka(config, dataDir, log, registry) : BUSES.embedded(config, dataDir, log);
}

/** Formats zod issues as `path: message` lines, the way `osprey validate` reports config errors. */
export function formatIssues(source: string, error: z.ZodError): string {
  return error.issues.map((i) => `${source}: ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}

/** Reads a YAML (or JSON) stage config and validates it; every error names the file and the path. */
export function loadStageConfig<S extends z.ZodType>(schema: S, path: string | undefined): z.infer<S> {
  let raw: unknown = {};
  if (path) {
    try {
      raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
    } catch (err) {
      throw new OspreyError('CONFIG_INVALID', `Cannot read config ${path}: ${(err as Error).message}`, {
        cause: err,
        retriable: false,
      });
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new OspreyError('CONFIG_INVALID', `Invalid config:\n${formatIssues(path ?? '(defaults)', parsed.error)}`, {
      retriable: false,
    });
  }
  return parsed.data;
}
