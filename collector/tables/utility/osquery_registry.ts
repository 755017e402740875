/**
 * osquery_registry, as osquery's genOsqueryRegistry: one row per plugin of each registry (registry, name,
 * owner_uuid 0 for core, internal, active). The host fills ctx.services.registry; a bare engine without one has
 * no plugin registries to report and returns no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';

export function* genOsqueryRegistry(ctx: QueryContext): Iterable<Row> {
  const registry = ctx.services.registry;
  if (!registry) return;
  for (const plugin of registry.list()) yield { ...plugin };
}
