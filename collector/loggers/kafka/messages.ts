/**
 * Turns the daemon's log records into Kafka messages: Avro (one result_event per changed row, one snapshot_event
 * per snapshot execution, status logs to osprey.status) or osquery's exact JSON lines. Every message is keyed by the
 * host identifier and carries a dedupe id header (`osprey.id`: sha256 of host, query, epoch, counter, action and
 * the row as canonical JSON), so at-least-once delivery can be made exactly-once downstream.
 */
import { createHash } from 'node:crypto';
import type { AvroCodec } from '../../../common/codec/avro.js';
import type { OutgoingMessage } from '../../../common/bus/types.js';
import { TOPICS } from '../../../common/topics.js';
import { formatDiff, formatSnapshot, type FormatOptions } from '../format.js';
import type { DiffRecord, LogHeader, LoggedRow, LogPayload, SnapshotRecord } from '../types.js';

export const DEDUPE_HEADER = 'osprey.id';

export interface Routed {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

export interface MessageSettings {
  readonly format: 'avro' | 'json';
  readonly codec: AvroCodec;
  readonly formatOptions: FormatOptions;
  /** Topic for a query name (kafka_topics, then logger_kafka_topic); undefined = not logged. */
  readonly topicFor: (queryName: string, kind: 'diff' | 'snapshot') => string | undefined;
}

export function dedupeId(header: LogHeader, action: string, row: LoggedRow | readonly LoggedRow[]): string {
  return createHash('sha256')
    .update(
      `${header.hostIdentifier}\n${header.name}\n${header.epoch}\n${header.counter}\n${action}\n${canonicalJson(row)}`,
    )
    .digest('hex');
}

/** JSON with object keys sorted, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    let out = '{';
    for (const key of Object.keys(object).sort()) {
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${canonicalJson(object[key])}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

export function toMessages(payload: LogPayload, settings: MessageSettings): Routed[] {
  if (payload.kind === 'status') {
    if (settings.format === 'json') return []; // osquery's kafka_producer does not send status logs
    const { hostIdentifier, calendarTime, unixTime, severity, filename, line, message, version, decorations } = payload;
    const status = { hostIdentifier, calendarTime, unixTime, severity, filename, line, message, version };
    const value = settings.codec.encode('status_log', { ...status, decorations: { ...decorations } });
    const id = createHash('sha256').update(canonicalJson(payload)).digest('hex');
    return [
      { topic: TOPICS.status, message: { key: payload.hostIdentifier, value, headers: { [DEDUPE_HEADER]: id } } },
    ];
  }
  const topic = settings.topicFor(payload.name, payload.kind);
  if (topic === undefined) return [];
  return payload.kind === 'diff' ? diffMessages(payload, topic, settings) : snapshotMessages(payload, topic, settings);
}

function header(record: LogHeader) {
  return {
    name: record.name,
    hostIdentifier: record.hostIdentifier,
    calendarTime: record.calendarTime,
    unixTime: record.unixTime,
    epoch: record.epoch,
    counter: record.counter,
    numerics: record.numerics,
    decorations: { ...record.decorations },
  };
}

function diffMessages(record: DiffRecord, topic: string, settings: MessageSettings): Routed[] {
  const rows: Array<[LoggedRow, 'removed' | 'added']> = [
    ...record.removed.map((r) => [r, 'removed'] as [LoggedRow, 'removed']),
    ...record.added.map((r) => [r, 'added'] as [LoggedRow, 'added']),
  ];
  const key = record.hostIdentifier;
  if (settings.format === 'json') {
    const lines = formatDiff(record, settings.formatOptions);
    const ids = settings.formatOptions.eventFormat
      ? rows.map(([row, action]) => dedupeId(record, action, row))
      : [
          dedupeId(
            record,
            'batch',
            rows.map(([r]) => r),
          ),
        ];
    return lines.map((line, i) => ({
      topic,
      message: { key, value: Buffer.from(line), headers: { [DEDUPE_HEADER]: ids[i] ?? '' } },
    }));
  }
  // One event object for the whole record, refilled per row: encoding copies it into bytes at once.
  const event = { ...header(record), id: '', action: 'added' as 'added' | 'removed', columns: {} as LoggedRow };
  return rows.map(([row, action]) => {
    const id = dedupeId(record, action, row);
    event.id = id;
    event.action = action;
    event.columns = row;
    const value = settings.codec.encode('result_event', event);
    return { topic, message: { key, value, headers: { [DEDUPE_HEADER]: id } } };
  });
}

function snapshotMessages(record: SnapshotRecord, topic: string, settings: MessageSettings): Routed[] {
  const key = record.hostIdentifier;
  const id = dedupeId(record, 'snapshot', record.rows);
  if (settings.format === 'json') {
    return formatSnapshot(record, settings.formatOptions).map((line) => ({
      topic,
      message: { key, value: Buffer.from(line), headers: { [DEDUPE_HEADER]: id } },
    }));
  }
  const value = settings.codec.encode('snapshot_event', {
    ...header(record),
    id,
    snapshot: record.rows.map((r) => ({ ...r })),
  });
  return [{ topic, message: { key, value, headers: { [DEDUPE_HEADER]: id } } }];
}
