/**
 * The one dead-letter shape every stage writes (docs/contract.md, "Dead letters"): the original key and value byte
 * for byte, the original headers, and headers naming the stage, the reason and where the message was read. A
 * maintainer replays a dead letter by reading these headers, so every stage spells them the same way.
 */
import type { BusMessage, OutgoingMessage } from './types.js';

export const DEAD_LETTER_HEADERS = {
  /** Why the message could not be processed (truncated to DEAD_LETTER_REASON_MAX_CHARS). */
  error: 'osprey.error',
  /** The stage that gave up on it: enricher, correlator, indexer. */
  stage: 'osprey.stage',
  topic: 'osprey.source.topic',
  partition: 'osprey.source.partition',
  offset: 'osprey.source.offset',
} as const;

/** Long enough for an Elasticsearch rejection body, short enough that a header never nears Kafka's message limit. */
export const DEAD_LETTER_REASON_MAX_CHARS = 4096;

/** The message a dead letter came from; headers and timestamp are kept when known. */
export type DeadLetterSource = Pick<BusMessage, 'topic' | 'partition' | 'offset' | 'key' | 'value'> &
  Partial<Pick<BusMessage, 'headers' | 'timestamp'>>;

export interface DeadLetterInput {
  /** The dead-letter topic. */
  readonly topic: string;
  readonly stage: string;
  readonly reason: string;
  /** The consumed message; absent when the failing record was produced inside the stage. */
  readonly source?: DeadLetterSource | undefined;
  /** Key and value to keep when there is no source message (the record re-encoded). */
  readonly fallback?: { readonly key: string | Buffer | null; readonly value: Buffer };
}

export interface DeadLetter {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

export function deadLetter(input: DeadLetterInput): DeadLetter {
  const { source } = input;
  const headers: Record<string, string> = {
    ...source?.headers,
    [DEAD_LETTER_HEADERS.stage]: input.stage,
    [DEAD_LETTER_HEADERS.error]: input.reason.slice(0, DEAD_LETTER_REASON_MAX_CHARS),
  };
  if (source) {
    headers[DEAD_LETTER_HEADERS.topic] = source.topic;
    headers[DEAD_LETTER_HEADERS.partition] = String(source.partition);
    headers[DEAD_LETTER_HEADERS.offset] = source.offset;
  }
  return {
    topic: input.topic,
    message: {
      key: source?.key ?? input.fallback?.key ?? null,
      value: source?.value ?? input.fallback?.value ?? Buffer.alloc(0),
      ...(source?.timestamp !== undefined ? { timestamp: source.timestamp } : {}),
      headers,
    },
  };
}
