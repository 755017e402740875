/**
 * `load_average`: the 1, 5 and 15 minute load averages from /proc/loadavg (what getloadavg(3) reads), formatted
 * as osquery's std::to_string(double) does ("0.150000").
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

const PERIODS = ['1m', '5m', '15m'];

export function genLoadAverage(ctx: QueryContext): Row[] {
  const text = readTextIfExists('/proc/loadavg');
  if (text === null) return [];
  const values = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v))) {
    ctx.errors.skip('malformed /proc/loadavg');
    return [];
  }
  return PERIODS.map((period, i) => ({ period, average: (values[i] as number).toFixed(6) }));
}
