/**
 * The index stage: enriched events, attributed flows and alerts in; documents written to Elasticsearch or the
 * embedded store. `process` resolves only once the batch is durable (or refused for good), so the runner commits
 * offsets only then; while the destination is down `process` rejects and the runner stops consuming, so nothing is
 * lost. A document the destination refuses (a mapping error, say) leaves as a dead letter with the response.
 */
import { deadLetter, type DeadLetter } from '../common/bus/dead-letter.js';
import type { BusMessage } from '../common/bus/types.js';
import type { Logger } from '../common/logger.js';
import type { StageMetrics } from '../common/metrics.js';
import type { Stage } from '../common/stage.js';
import { TOPICS } from '../common/topics.js';
import { Coalescer } from './coalescer.js';
import { STREAM_BY_TOPIC, toIndexDocument, type IndexDocument, type StreamKind } from './documents/documents.js';
import type { Rejection } from './elasticsearch/bulk-writer.js';
import type { IndexSink } from './sinks.js';

/** One decoded record and the message it came in, kept for dead letters. */
export interface IndexInput {
  stream: StreamKind;
  record: Record<string, unknown>;
  source: Pick<BusMessage, 'topic' | 'partition' | 'offset' | 'key' | 'value'>;
}

export interface IndexStageOptions {
  sink: IndexSink;
  namespace: string;
  log: Logger;
  metrics: StageMetrics;
  /** Documents from concurrent partitions within this many ms share one bulk request. */
  lingerMs?: number;
  maxBatchBytes?: number;
}

/** Which stream a message belongs to: by topic, or for a renamed topic by the record's own shape. */
export function streamFor(topic: string, record: Record<string, unknown>): StreamKind {
  const byTopic = STREAM_BY_TOPIC[topic];
  if (byTopic) return byTopic;
  if ('rule' in record && 'evidence' in record) return 'alert';
  const dataset = (record.event as { dataset?: unknown } | undefined)?.dataset;
  return dataset === 'osprey.flow' ? 'network' : 'result';
}

export function createIndexStage(options: IndexStageOptions): Stage<IndexInput, DeadLetter> {
  const coalescer = new Coalescer<Rejection>({
    write: (docs) => options.sink.write(docs),
    lingerMs: options.lingerMs ?? 20,
    maxBytes: options.maxBatchBytes ?? 5_000_000,
  });
  return {
    name: 'indexer',
    async process(batch) {
      options.metrics.received(batch.length);
      const { docs, deadLetters, sources } = toDocuments(batch, options.namespace);
      const { rejected } = await coalescer.submit(docs);
      for (const r of rejected) deadLetters.push(deadLetterFor(sources.get(r.doc), `rejected (${r.status})`, r.error));
      if (deadLetters.length > 0) options.log.warn({ count: deadLetters.length }, 'Documents dead-lettered.');
      options.metrics.sent(docs.length - rejected.length);
      if (deadLetters.length > 0) options.metrics.error('sink_rejected', deadLetters.length);
      return deadLetters;
    },
    async close() {
      coalescer.flush();
      await options.sink.close();
      return [];
    },
    healthcheck: () => options.sink.healthcheck(),
  };
}

function toDocuments(batch: readonly IndexInput[], namespace: string) {
  const docs: IndexDocument[] = [];
  const deadLetters: DeadLetter[] = [];
  const sources = new Map<IndexDocument, IndexInput['source']>();
  for (const input of batch) {
    try {
      const doc = toIndexDocument(input.stream, input.record, namespace);
      docs.push(doc);
      sources.set(doc, input.source);
    } catch (err) {
      deadLetters.push(deadLetterFor(input.source, 'unmappable', err));
    }
  }
  return { docs, deadLetters, sources };
}

function deadLetterFor(source: IndexInput['source'] | undefined, reason: string, detail: unknown): DeadLetter {
  const text = detail instanceof Error ? detail.message : JSON.stringify(detail ?? null);
  return deadLetter({ topic: TOPICS.deadLetter, stage: 'indexer', reason: `${reason}: ${text}`, source });
}
