/**
 * Generators of osquery_schedule, osquery_packs and osquery_events: the daemon publishes its schedule, packs and
 * event publishers through ctx.services; outside a daemon (the shell) the tables are empty, as in osqueryi.
 */
import type { QueryContext, Row } from '../../engine/spec.js';

export function* generateOsquerySchedule(ctx: QueryContext): Iterable<Row> {
  yield* ctx.services.schedule?.list() ?? [];
}

export function* generateOsqueryPacks(ctx: QueryContext): Iterable<Row> {
  yield* ctx.services.packs?.list() ?? [];
}

export function* generateOsqueryEvents(ctx: QueryContext): Iterable<Row> {
  yield* ctx.services.events?.list() ?? [];
}
