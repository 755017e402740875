/**
 * Turns the pipeline's Avro records into the documents we index: ECS names (`timestamp` becomes an ISO
 * `@timestamp`), no null fields, `data_stream.*` and `ecs.version` set, JSON-text fields kept as text. The same
 * document goes to Elasticsearch and to the embedded store, so `osprey search` and Kibana see the same thing.
 */
import { TOPICS } from '../../common/topics.js';

export type StreamKind = 'result' | 'network' | 'alert';

export const ECS_VERSION = '8.17.0';

/** Which topic feeds which data stream. */
export const STREAM_BY_TOPIC: Readonly<Record<string, StreamKind>> = {
  [TOPICS.enriched]: 'result',
  [TOPICS.attributed]: 'network',
  [TOPICS.alerts]: 'alert',
};

export interface IndexDocument {
  /** Deterministic: the event's own id, so a re-delivered event is not indexed twice. */
  readonly id: string;
  readonly stream: StreamKind;
  /** Epoch milliseconds of the event. */
  readonly timestamp: number;
  readonly body: Record<string, unknown>;
}

/** `logs-osprey.<kind>-<namespace>`: dataset and namespace may not contain '-'. */
export function dataStreamName(stream: StreamKind, namespace: string): string {
  return `logs-osprey.${stream}-${namespace}`;
}

export function validNamespace(namespace: string): boolean {
  return /^[a-z0-9_]{1,100}$/.test(namespace);
}

export function toIndexDocument(stream: StreamKind, record: Record<string, unknown>, namespace: string): IndexDocument {
  const id = record.id;
  if (typeof id !== 'string' || id === '') throw new Error(`A ${stream} record has no id.`);
  const timestamp = toMillis(record.timestamp);
  const body = stripNulls(record) as Record<string, unknown>;
  delete body.timestamp;
  body['@timestamp'] = new Date(timestamp).toISOString();
  body.ecs = { version: ECS_VERSION };
  body.data_stream = { type: 'logs', dataset: `osprey.${stream}`, namespace };
  return { id, stream, timestamp, body };
}

function toMillis(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  return Date.now();
}

/**
 * Removes null and undefined recursively (Avro unions give explicit nulls), keeping empty arrays out too. Runs for
 * every indexed document, so it loops over own keys instead of building entry arrays (Object.keys, not for-in:
 * avsc's record classes have enumerable prototype methods).
 */
export function stripNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const kept = stripNulls(item);
      if (kept !== undefined) items.push(kept);
    }
    return items.length === 0 ? undefined : items;
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key of Object.keys(record)) {
    const kept = stripNulls(record[key]);
    if (kept === undefined) continue;
    out[key] = kept;
    empty = false;
  }
  return empty ? undefined : out;
}

/** Value at a dotted ECS path (`process.name`, `@timestamp`). */
export function fieldValue(body: Record<string, unknown>, path: string): unknown {
  if (path in body) return body[path];
  let current: unknown = body;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The words free-text search sees: every leaf value, flattened, each distinct value once. A search term matches when
 * it appears at all (results are ordered by time, not rank), so the copies an ECS document carries (`host.name` and
 * `osquery.hostIdentifier`, `process.executable` and the raw column) would only cost index writes.
 */
export function searchableText(body: unknown): string[] {
  const seen = new Set<string>();
  collectLeaves(body, seen);
  return [...seen];
}

function collectLeaves(value: unknown, out: Set<string>): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object') out.add(String(value));
  else if (Array.isArray(value)) for (const item of value) collectLeaves(item, out);
  else for (const key of Object.keys(value)) collectLeaves((value as Record<string, unknown>)[key], out);
}
