/**
 * Writes documents to Elasticsearch data streams with `create` actions and the document's deterministic id.
 * Per item: 2xx is indexed; 409 means it was indexed before (a re-delivery) and counts as done; 429 is retried with
 * backoff; any other status is a rejection the caller sends to the dead-letter topic with the response. A whole
 * request that fails (cluster down, 5xx) is retried, then thrown as a retriable error: the caller commits no offsets
 * and consumes nothing more until Elasticsearch is back, so nothing is lost.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Registry } from 'prom-client';
import { OspreyError, toOspreyError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { counter } from '../../common/metrics.js';
import { retry, sleep } from '../../common/retry.js';
import { dataStreamName, type IndexDocument } from '../documents/documents.js';

export interface BulkWriterOptions {
  client: Client;
  namespace: string;
  log: Logger;
  /** A bulk request is cut at about this many bytes (default 5 MB, the bulk helper's). */
  flushBytes?: number;
  /** Bulk requests in flight at once. */
  concurrency?: number;
  /** Attempts for items answered 429 before the whole batch is failed (and later re-delivered). */
  itemRetries?: number;
  /** First backoff for 429s and failed requests; doubles each time. */
  retryDelayMs?: number;
  requestRetries?: number;
  metrics?: Registry;
  /** Aborted when the sink closes: requests, retries and back-off end, and the write rejects (nothing committed). */
  signal?: AbortSignal;
}

export interface Rejection {
  doc: IndexDocument;
  status: number;
  error: unknown;
}

export interface BulkOutcome {
  indexed: number;
  duplicates: number;
  rejected: Rejection[];
  requests: number;
}

interface BulkItem {
  create?: { status: number; error?: unknown };
  index?: { status: number; error?: unknown };
}

interface WriterMetrics {
  bulkFailures: { inc(n?: number): void };
  rejected: { inc(n?: number): void };
}

export class BulkWriter {
  readonly #o: Required<Omit<BulkWriterOptions, 'client' | 'log' | 'metrics' | 'signal'>> &
    Pick<BulkWriterOptions, 'client' | 'log' | 'signal'>;
  readonly #metrics: WriterMetrics | undefined;

  constructor(options: BulkWriterOptions) {
    this.#metrics = options.metrics && {
      bulkFailures: counter(
        options.metrics,
        'osprey_elasticsearch_bulk_failures_total',
        'Bulk requests that failed as a whole.',
      ),
      rejected: counter(
        options.metrics,
        'osprey_elasticsearch_rejected_documents_total',
        'Documents Elasticsearch refused (dead-lettered).',
      ),
    };
    this.#o = {
      flushBytes: 5_000_000,
      concurrency: 2,
      itemRetries: 5,
      retryDelayMs: 500,
      requestRetries: 4,
      ...options,
    };
  }

  async write(docs: readonly IndexDocument[]): Promise<BulkOutcome> {
    const outcome: BulkOutcome = { indexed: 0, duplicates: 0, rejected: [], requests: 0 };
    const chunks = chunkByBytes(docs, this.#o.flushBytes);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        if (chunk) await this.#writeChunk(chunk, outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, chunks.length) }, worker));
    return outcome;
  }

  async #writeChunk(chunk: readonly IndexDocument[], outcome: BulkOutcome): Promise<void> {
    let pending = chunk;
    let delay = this.#o.retryDelayMs;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const items = await this.#send(pending, outcome);
      const throttled: IndexDocument[] = [];
      items.forEach((item, i) => {
        const doc = pending[i];
        const result = item.create ?? item.index;
        if (!doc || !result) return;
        if (result.status < 300) outcome.indexed++;
        else if (result.status === 409) outcome.duplicates++;
        else if (result.status === 429) throttled.push(doc);
        else {
          outcome.rejected.push({ doc, status: result.status, error: result.error });
          this.#metrics?.rejected.inc();
        }
      });
      if (throttled.length === 0) return;
      if (attempt >= this.#o.itemRetries) {
        throw new OspreyError('SINK_REJECTED', `Elasticsearch kept answering 429 for ${throttled.length} documents.`, {
          retriable: true,
          context: { throttled: throttled.length },
        });
      }
      this.#o.log.warn({ throttled: throttled.length, attempt }, 'Elasticsearch is throttling; backing off.');
      await sleep(delay, this.#o.signal);
      delay *= 2;
      pending = throttled;
    }
  }

  async #send(docs: readonly IndexDocument[], outcome: BulkOutcome): Promise<BulkItem[]> {
    const operations: unknown[] = [];
    for (const doc of docs) {
      operations.push({ create: { _index: dataStreamName(doc.stream, this.#o.namespace), _id: doc.id } });
      operations.push(doc.body);
    }
    const response = await retry(
      async () => {
        outcome.requests++;
        try {
          const signal = this.#o.signal;
          return await this.#o.client.bulk({ operations }, signal ? { signal } : {});
        } catch (err) {
          this.#metrics?.bulkFailures.inc();
          throw requestError(err);
        }
      },
      {
        retries: this.#o.requestRetries,
        initialDelayMs: this.#o.retryDelayMs,
        ...(this.#o.signal ? { signal: this.#o.signal } : {}),
        onRetry: (err, attempt) => this.#o.log.warn({ err, attempt }, 'Bulk request failed; retrying.'),
      },
    );
    const items = (response as { items?: BulkItem[] }).items ?? [];
    if (items.length !== docs.length) {
      throw new OspreyError('SINK_REJECTED', `Bulk response has ${items.length} items for ${docs.length} documents.`, {
        retriable: true,
      });
    }
    return items;
  }
}

/** A failed request is retriable unless the cluster refused it for good (4xx other than 408/429). */
function requestError(err: unknown): OspreyError {
  const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new OspreyError('SINK_REJECTED', `Elasticsearch refused the bulk request (${status}).`, {
      cause: err,
      retriable: false,
    });
  }
  const base = toOspreyError(err, 'BROKER_UNAVAILABLE');
  return new OspreyError('BROKER_UNAVAILABLE', `Elasticsearch unavailable: ${base.message}`, {
    cause: err,
    retriable: true,
  });
}

export function chunkByBytes(docs: readonly IndexDocument[], maxBytes: number): IndexDocument[][] {
  const chunks: IndexDocument[][] = [];
  let current: IndexDocument[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc.body)) + 120;
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
