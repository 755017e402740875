/**
 * `carves`: osquery lists its file carves here and starts one for `carve = 1`. Osprey's daemon has no carver (no
 * carve sessions, no carve upload endpoint), so the table has no rows; a carve request is counted as skipped
 * rather than pretending to start one.
 */
import type { QueryContext, Row } from '../../engine/spec.js';

export function genCarves(ctx: QueryContext): Row[] {
  if (ctx.equals('carve').some((v) => Number(v) === 1))
    ctx.errors.skip('carves: file carving is not supported by Osprey; no carve was started');
  return [];
}
