/**
 * Where the index stage writes, keyed by the config's `type`: Elasticsearch data streams, or the embedded store
 * when no cluster is configured. Both take the same documents.
 */
import type { Registry } from 'prom-client';
import { OspreyError } from '../common/errors.js';
import { scrapedGauge, sqliteFileBytes } from '../common/metrics.js';
import type { Logger } from '../common/logger.js';
import { createClient, type ElasticsearchConnection } from './elasticsearch/client.js';
import { BulkWriter, type Rejection } from './elasticsearch/bulk-writer.js';
import type { IndexDocument } from './documents/documents.js';
import { DocumentStore } from './store/store.js';

export interface IndexSink {
  readonly type: 'elasticsearch' | 'embedded';
  /** Resolves once the documents are durable; lists those the destination refused for good. */
  write(docs: IndexDocument[]): Promise<{ rejected: Rejection[] }>;
  healthcheck(): Promise<boolean>;
  close(): Promise<void>;
}

export interface ElasticsearchSinkConfig extends ElasticsearchConnection {
  type: 'elasticsearch';
  namespace: string;
  flushBytes?: number;
  concurrency?: number;
}

export interface EmbeddedSinkConfig {
  type: 'embedded';
  dir: string;
  maxAgeMs?: number;
  maxBytes?: number;
}

export type SinkConfig = ElasticsearchSinkConfig | EmbeddedSinkConfig;

type Factory<C> = (config: C, log: Logger, metrics?: Registry) => IndexSink;

function elasticsearchSink(config: ElasticsearchSinkConfig, log: Logger, metrics?: Registry): IndexSink {
  const client = createClient(config);
  // Closing aborts a write still retrying against an unreachable cluster: its batch is not committed, so it is
  // consumed again at the next start (documents have deterministic ids: a repeat is a 409, counted as done).
  const closing = new AbortController();
  let closed: Promise<void> | undefined;
  const writer = new BulkWriter({
    client,
    namespace: config.namespace,
    log,
    signal: closing.signal,
    ...(metrics ? { metrics } : {}),
    ...(config.flushBytes ? { flushBytes: config.flushBytes } : {}),
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
  });
  return {
    type: 'elasticsearch',
    write: async (docs) => ({ rejected: (await writer.write(docs)).rejected }),
    healthcheck: async () => client.ping().catch(() => false),
    close: () => {
      closing.abort(new OspreyError('ABORTED', 'The Elasticsearch sink is closed.', { retriable: false }));
      return (closed ??= client.close());
    },
  };
}

function embeddedSink(config: EmbeddedSinkConfig, _log: Logger, metrics?: Registry): IndexSink {
  const store = new DocumentStore(config);
  if (metrics)
    scrapedGauge(metrics, 'osprey_store_bytes', 'Size of the embedded store (database with its WAL).', () =>
      sqliteFileBytes(store.path),
    );
  let writes = 0;
  return {
    type: 'embedded',
    write: async (docs) => {
      store.write(docs);
      // Retention is cheap but not free: check it every 50 writes.
      if (++writes % 50 === 0) store.enforceRetention();
      return { rejected: [] };
    },
    healthcheck: async () => true,
    close: async () => store.close(),
  };
}

export const SINKS = {
  elasticsearch: elasticsearchSink,
  embedded: embeddedSink,
} satisfies { elasticsearch: Factory<ElasticsearchSinkConfig>; embedded: Factory<EmbeddedSinkConfig> };

export function createSink(config: SinkConfig, log: Logger, metrics?: Registry): IndexSink {
  return config.type === 'elasticsearch'
    ? SINKS.elasticsearch(config, log, metrics)
    : SINKS.embedded(config, log, metrics);
}
