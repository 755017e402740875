/**
 * One result row to one ECS document, before the joins: the header fields every event carries (id, @timestamp,
 * event.*, the raw row under osquery.*) and the table's own columns moved to ECS fields.
 */
import { OspreyError } from '../../common/errors.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { ResultEvent } from '../../schemas/generated/index.js';
import type { TableMapping } from './mapping.js';
import { resolveMapping } from './registry.js';
import { normalizeColumns, type Row } from './row.js';

export interface MappedRow {
  doc: EnrichedEventInput;
  row: Row;
  mapping: TableMapping;
  /** False when the generic fallback mapped the row. */
  known: boolean;
}

const ACTIONS = new Set(['added', 'removed', 'snapshot']);

/** Throws OspreyError('DECODE_ERROR') for a row that cannot be an osquery result (the caller dead-letters it). */
export function mapResultEvent(event: ResultEvent, ingested: number): MappedRow {
  assertMappable(event);
  const row = normalizeColumns(event.columns);
  const { mapping, known } = resolveMapping(event.name, row);
  const timestamp = event.unixTime * 1000;
  const doc: EnrichedEventInput = {
    id: event.id,
    timestamp,
    event: {
      kind: mapping.evented || event.action !== 'snapshot' ? 'event' : 'state',
      category: [...mapping.category],
      type: mapping.types(event.action, row),
      action: mapping.action?.(event.action, row) ?? event.action,
      dataset: `osquery.${known ? mapping.table : datasetName(event.name)}`,
      module: 'osquery',
      created: timestamp,
      ingested,
    },
    osquery: {
      name: event.name,
      action: event.action,
      counter: event.counter,
      epoch: event.epoch,
      hostIdentifier: event.hostIdentifier,
      columns: row,
      decorations: event.decorations ?? {},
    },
  };
  mapping.map(row, doc);
  return { doc, row, mapping, known };
}

function assertMappable(event: ResultEvent): void {
  const problem =
    typeof event.id !== 'string' || event.id === ''
      ? 'no id'
      : typeof event.name !== 'string' || event.name === ''
        ? 'no query name'
        : typeof event.hostIdentifier !== 'string' || event.hostIdentifier === ''
          ? 'no hostIdentifier'
          : !Number.isFinite(event.unixTime) || event.unixTime < 0
            ? `unixTime ${String(event.unixTime)} is not a time`
            : !ACTIONS.has(event.action)
              ? `unknown action ${String(event.action)}`
              : event.columns === null || typeof event.columns !== 'object'
                ? 'no columns'
                : null;
  if (problem !== null) {
    throw new OspreyError('DECODE_ERROR', `Result event ${event.id || '(no id)'} cannot be mapped: ${problem}.`, {
      retriable: false,
      context: { query: event.name, host: event.hostIdentifier },
    });
  }
}

/** ECS dataset names allow neither `-` nor most punctuation (docs/contract.md, "ECS mapping rules"): keep [a-z0-9_.]. */
function datasetName(queryName: string): string {
  return queryName
    .toLowerCase()
    .replace(/[^a-z0-9_.]/g, '_')
    .slice(0, 90);
}
