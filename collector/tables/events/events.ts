/**
 * What every event table's generator does: read its rows from the event store the host put in ctx.services
 * (collector/events/store.ts). Without a store (events disabled, or a host that runs no publishers) the table is
 * empty, as osquery's event tables are when their publisher is off.
 */
import type { QueryContext, Row } from '../../engine/spec.js';

interface EventReader {
  select(table: string, ctx: QueryContext): Iterable<Row>;
}

function isEventReader(value: unknown): value is EventReader {
  return typeof value === 'object' && value !== null && typeof (value as EventReader).select === 'function';
}

export function selectEvents(table: string, ctx: QueryContext): Iterable<Row> {
  const store = ctx.services.eventStore;
  return isEventReader(store) ? store.select(table, ctx) : [];
}
