/**
 * osquery_flags, as osquery's genOsqueryFlags: every flag with its type, description, default, current value and
 * whether it is shell-only (single-character flags are skipped). The rows come from the host's flag registry
 * (ctx.services.flags); a bare engine without one reports osquery's flags at their defaults.
 */
import { Flags } from '../../flags/flags.js';
import type { FlagRow, QueryContext, Row } from '../../engine/spec.js';

let defaults: FlagRow[] | undefined;

export function* genOsqueryFlags(ctx: QueryContext): Iterable<Row> {
  const rows = ctx.services.flags?.list() ?? (defaults ??= new Flags().list());
  for (const flag of rows) {
    if (flag.name.length <= 1) continue;
    yield { ...flag };
  }
}
