/**
 * The `kafka_producer` (alias `kafka`) logger plugin: osquery's kafka_producer flags and kafka_topics routing
 * (docs/osquery-compatibility.md §5.4), values as Avro (default) or osquery's JSON lines, key = host identifier, a dedupe id header on
 * every message. `deliver` resolves only when the broker has acknowledged every record (acks=all by default), so
 * the daemon's on-disk log queue is the disk buffer: records stay there while the broker is away and are resent
 * after a restart (bounded by the daemon's --logger_queue_max, oldest dropped).
 */
import { readFileSync } from 'node:fs';
import { createCodec } from '../../../common/codec/avro.js';
import { OspreyError } from '../../../common/errors.js';
import { counter } from '../../../common/metrics.js';
import { KafkaBus, type KafkaBusOptions } from '../../../common/bus/kafka.js';
import type { Bus } from '../../../common/bus/types.js';
import { TOPICS } from '../../../common/topics.js';
import { formatOptionsFromFlags } from '../format.js';
import type { LoggerPlugin, LoggerPluginContext, LogRecord } from '../types.js';
import { toMessages, type MessageSettings, type Routed } from './messages.js';

type PluginFlags = LoggerPluginContext['flags'];

/** Messages encoded before they are handed to the producer while the rest of a delivery is encoded. */
const SEND_CHUNK = 1000;

export async function createKafkaLogger(
  ctx: LoggerPluginContext,
  overrides: Partial<KafkaBusOptions> = {},
): Promise<LoggerPlugin> {
  const log = ctx.log.child({ component: 'kafka-logger' });
  const options = busOptions(ctx.flags);
  // The broker-side metrics (produce errors and latency) go to the daemon's registry with the plugin's own.
  const bus = new KafkaBus({ ...options, producer: { ...options.producer, registry: ctx.metrics }, log, ...overrides });
  return createBusLogger(ctx, bus, { name: 'kafka_producer', ownsBus: true });
}

/**
 * The same plugin over any Bus: `osprey run` hands the daemon its embedded bus this way, so results take the same
 * path (Avro, keys, routing, acknowledgement before the queue lets go) as they do to Kafka.
 */
export async function createBusLogger(
  ctx: LoggerPluginContext,
  bus: Bus,
  options: { name: string; ownsBus: boolean },
): Promise<LoggerPlugin> {
  const log = ctx.log.child({ component: `${options.name}-logger` });
  const format = valueFormat(ctx.flags.get('logger_kafka_value_format') ?? 'avro');
  const registryUrl = ctx.flags.get('osprey_schema_registry_url') ?? '';
  const codec = await createCodec({ schemaRegistry: registryUrl ? { url: registryUrl } : undefined, log });
  const producer = bus.producer();
  const unrouted = counter(
    ctx.metrics,
    'osprey_kafka_unrouted_records_total',
    'Results not logged: no kafka_topics entry and no logger_kafka_topic.',
  );
  const sent = counter(ctx.metrics, 'osprey_kafka_messages_total', 'Messages the kafka logger had acknowledged.', [
    'topic',
  ]);
  const settings: MessageSettings = {
    format,
    codec,
    formatOptions: formatOptionsFromFlags(ctx.flags),
    topicFor: router(ctx, format),
  };
  return {
    name: options.name,
    async deliver(records: readonly LogRecord[]): Promise<void> {
      // Encode and send in chunks, yielding between them, so the broker acknowledges one chunk while the next is
      // encoded; the producer keeps the chunks in order.
      const acknowledged: Array<Promise<void>> = [];
      let chunk: Routed[] = [];
      for (const { payload } of records) {
        const messages = toMessages(payload, settings);
        if (messages.length === 0 && payload.kind !== 'status') unrouted.inc();
        for (const m of messages) chunk.push(m);
        if (chunk.length >= SEND_CHUNK) {
          acknowledged.push(sendAll(producer, chunk, sent));
          chunk = [];
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      acknowledged.push(sendAll(producer, chunk, sent));
      const outcomes = await Promise.allSettled(acknowledged);
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
    async close(): Promise<void> {
      if (options.ownsBus) await bus.close();
      else await producer.close();
    },
  };
}

async function sendAll(
  producer: ReturnType<Bus['producer']>,
  routed: readonly Routed[],
  sent: ReturnType<typeof counter>,
): Promise<void> {
  if (routed.length === 0) return;
  const byTopic = new Map<string, Routed['message'][]>();
  for (const { topic, message } of routed) {
    const list = byTopic.get(topic);
    if (list) list.push(message);
    else byTopic.set(topic, [message]);
  }
  await Promise.all(
    [...byTopic].map(async ([topic, messages]) => {
      await producer.send(topic, messages);
      sent.inc({ topic }, messages.length);
    }),
  );
}

/** kafka_topics maps topic -> query names; unmapped results go to logger_kafka_topic (or, for Avro, osprey.*). */
function router(ctx: LoggerPluginContext, format: 'avro' | 'json'): MessageSettings['topicFor'] {
  return (name, kind) => {
    const topics = ctx.config().kafka_topics;
    if (topics && typeof topics === 'object') {
      for (const [topic, names] of Object.entries(topics as Record<string, unknown>)) {
        if (Array.isArray(names) && names.includes(name)) return topic;
      }
    }
    const base = ctx.flags.get('logger_kafka_topic') ?? '';
    if (base !== '') return base;
    if (format === 'json') return undefined;
    return kind === 'diff' ? TOPICS.results : TOPICS.snapshots;
  };
}

function valueFormat(value: string): 'avro' | 'json' {
  if (value === 'avro' || value === 'json') return value;
  throw new OspreyError('CONFIG_INVALID', `--logger_kafka_value_format must be avro or json, got "${value}"`, {
    retriable: false,
  });
}

/** osquery's flags: brokers `host[:port]` (port 9092), an `ssl://` prefix switches TLS on with the tls_* files. */
export function busOptions(flags: PluginFlags): KafkaBusOptions {
  const raw = (flags.get('logger_kafka_brokers') ?? 'localhost')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const ssl = raw.some((b) => b.startsWith('ssl://'));
  const brokers = raw.map((b) => b.replace(/^ssl:\/\//, '')).map((b) => (/:\d+$/.test(b) ? b : `${b}:9092`));
  const acks = { all: -1, '-1': -1, '1': 1, '0': 0 }[flags.get('logger_kafka_acks') ?? 'all'] as -1 | 0 | 1 | undefined;
  if (acks === undefined)
    throw new OspreyError('CONFIG_INVALID', `--logger_kafka_acks must be all, 1 or 0`, { retriable: false });
  const compression = flags.get('logger_kafka_compression') ?? 'none';
  if (compression !== 'none' && compression !== 'gzip') {
    throw new OspreyError('CONFIG_INVALID', `--logger_kafka_compression must be none or gzip, got "${compression}"`, {
      retriable: false,
    });
  }
  return {
    brokers,
    clientId: 'osprey',
    idempotent: (flags.get('logger_kafka_idempotence') ?? 'true') !== 'false',
    ssl: ssl ? tlsOptions(flags) : undefined,
    sasl: saslOptions(flags),
    producer: {
      acks,
      compression,
      lingerMs: flags.getNumber('logger_kafka_linger_ms') || 50,
      batchSize: flags.getNumber('logger_kafka_batch_size') || 1_000,
    },
  };
}

function tlsOptions(flags: PluginFlags): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (name: string): Buffer | undefined => {
    const path = flags.get(name) ?? '';
    return path === '' ? undefined : readFileSync(path);
  };
  return { ca: read('tls_server_certs'), cert: read('tls_client_cert'), key: read('tls_client_key') };
}

function saslOptions(flags: PluginFlags): KafkaBusOptions['sasl'] {
  const mechanism = flags.get('logger_kafka_sasl_mechanism') ?? '';
  if (mechanism === '') return undefined;
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw new OspreyError(
      'CONFIG_INVALID',
      `--logger_kafka_sasl_mechanism must be plain, scram-sha-256 or scram-sha-512`,
      { retriable: false },
    );
  }
  const env = flags.get('logger_kafka_sasl_password_env') ?? 'OSPREY_KAFKA_PASSWORD';
  return { mechanism, username: flags.get('logger_kafka_sasl_username') ?? '', password: process.env[env] ?? '' };
}
