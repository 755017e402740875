/**
 * `processes`: one row per /proc/<pid>. A `pid = …` constraint reads only those pids; unused columns cost no
 * file reads (see ProcessReadPlan).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { pidsFromContext } from '../lib/proc.js';
import { newScanCache, planFor, readProcessRow } from './process-row.js';

export function genProcesses(ctx: QueryContext): Row[] {
  const plan = planFor(ctx);
  const cache = newScanCache();
  const rows: Row[] = [];
  for (const pid of pidsFromContext(ctx)) {
    const row = readProcessRow(pid, plan, ctx, cache);
    if (row !== null) rows.push(row);
  }
  return rows;
}
