/**
 * One table scan as the native module asks for it: build the QueryContext (pushed constraints, columns used), run the
 * generator, and flatten its rows into typed values in column order. Columns the query does not read are sent as
 * NULL, so generators that skip unused work and generators that do not cost the same to cross. The flat values go in
 * chunks of whole rows: V8 keeps each chunk in its young generation, where one array of every value would be a large
 * object regrown (and page-faulted in) several times per scan.
 */
import type { Logger } from '../../common/logger.js';
import { createQueryContext } from './context.js';
import { OP_NAMES, type ScanHandler } from './native.js';
import {
  declaredColumns,
  type Constraint,
  type EngineServices,
  type QueryContext,
  type SqlValue,
  type TableDefinition,
} from './spec.js';
import { converterFor } from './typing.js';

/** Values per chunk: 8192 pointers (64 KB) stay below V8's large-object size. */
const CHUNK_CELLS = 8192;

export interface ScanOptions {
  log: Logger;
  services: EngineServices;
  onSkip?: (table: string, reason: string) => void;
}

export function scanHandler(def: TableDefinition, options: ScanOptions): ScanHandler {
  const declared = declaredColumns(def);
  const names = declared.map((c) => c.name);
  // A column alias reads its target's value; the generator only ever sees the spec's column names.
  const sources = declared.map((c) => c.source);
  const converters = declared.map((c) => converterFor(c.type));
  const log = options.log.child({ table: def.name });
  const errors = {
    skip(reason: string, err?: unknown): void {
      options.onSkip?.(def.name, reason);
      log.debug({ err }, `Skipped: ${reason}.`);
    },
  };
  return (flat, low, high) => {
    const constraints = decodeConstraints(names, flat);
    const used = usedColumns(sources, low, high);
    const ctx = createQueryContext({
      table: def.name,
      constraints,
      columnsUsed: used.set,
      log,
      errors,
      services: options.services,
    });
    warnAboutScan(def, ctx);
    const chunks: SqlValue[][] = [];
    const width = names.length;
    const chunkRows = Math.max(1, Math.floor(CHUNK_CELLS / width));
    let out: SqlValue[] = [];
    let rows = 0;
    for (const row of def.generate(ctx)) {
      for (let i = 0; i < width; i++) {
        out.push(used.mask[i] ? (converters[i] as (typeof converters)[0])(row[sources[i] as string]) : null);
      }
      if (++rows === chunkRows) {
        chunks.push(out);
        out = [];
        rows = 0;
      }
    }
    if (rows > 0) chunks.push(out);
    return chunks;
  };
}

/** osquery's warnings at scan time (virtual_table.cpp): the query still runs. */
function warnAboutScan(def: TableDefinition, ctx: QueryContext): void {
  const warn = ctx.services.warn;
  if (warn === undefined) return;
  if (def.attributes?.eventBased && ctx.services.flags?.get('disable_events') === 'true') {
    warn(`Table ${def.name} is event-based but events are disabled`);
  }
  // Only an administrator reads other users' data, so only then does osquery suggest the JOIN.
  if (
    def.attributes?.userBased &&
    process.getuid?.() === 0 &&
    !ctx.constrained('uid') &&
    !ctx.constrained('username')
  ) {
    warn(
      `The ${def.name} table returns data based on the current user by default, consider JOINing against the users table`,
    );
  }
}

function decodeConstraints(names: readonly string[], flat: readonly SqlValue[]): Constraint[] {
  const constraints: Constraint[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const column = names[Number(flat[i])];
    const op = OP_NAMES.get(Number(flat[i + 1]));
    if (column !== undefined && op !== undefined) constraints.push({ column, op, value: flat[i + 2] ?? null });
  }
  return constraints;
}

/** SQLite's colUsed: bit i = column i; bit 63 stands for every column from 63 on. */
function usedColumns(names: readonly string[], low: number, high: number): { set: Set<string>; mask: boolean[] } {
  const set = new Set<string>();
  const mask = names.map((name, i) => {
    let used: boolean;
    if (i < 32) used = ((low >>> i) & 1) === 1;
    else if (i < 63) used = ((high >>> (i - 32)) & 1) === 1;
    else used = ((high >>> 31) & 1) === 1;
    if (used) set.add(name);
    return used;
  });
  return { set, mask };
}
