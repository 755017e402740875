/**
 * What every event table's generator does: read its rows from the event store the host put in ctx.services
 * (collector/events/store.ts). Without a store (events disabled, or a host that runs no publishers) the table is
 * empty, as osquery's event tables are when their publisher is off.
 */
import type { QueryContext, Row } from '../../engine/spec.js';

export function selectEvents(table: string, ctx: QueryContext): Iterable<Row> {
  return ctx.services.eventStore?.select(table, ctx) ?? [];
}
