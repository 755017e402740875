/** The pure parts of the event store's reads: `time` constraints as a scan range, and the expiry cutoff. */
import type { Constraint } from '../engine/spec.js';

export interface TimeBounds {
  /** Whether any usable `time` constraint was pushed down (then events_optimize does not apply). */
  readonly constrained: boolean;
  readonly low: number;
  readonly high: number;
}

/** osquery's time constraints (=, >, >=, <, <=) narrowed into one inclusive range; others are left to SQLite. */
export function timeBounds(constraints: readonly Constraint[]): TimeBounds {
  let low = 0;
  let high = Number.MAX_SAFE_INTEGER;
  let constrained = false;
  for (const c of constraints) {
    if (c.column !== 'time') continue;
    const value = Number(c.value);
    if (c.value === null || !Number.isFinite(value)) continue;
    const narrowed = narrow(c.op, value, low, high);
    if (narrowed === undefined) continue;
    [low, high] = narrowed;
    constrained = true;
  }
  return { constrained, low, high };
}

/** One comparison applied to the inclusive range [low, high]; undefined for operators that do not bound time. */
function narrow(op: Constraint['op'], value: number, low: number, high: number): [number, number] | undefined {
  if (op === '=') return [Math.max(low, Math.ceil(value)), Math.min(high, Math.floor(value))];
  if (op === '>') return [Math.max(low, Math.floor(value) + 1), high];
  if (op === '>=') return [Math.max(low, Math.ceil(value)), high];
  if (op === '<') return [low, Math.min(high, Math.ceil(value) - 1)];
  if (op === '<=') return [low, Math.min(high, Math.floor(value))];
  return undefined;
}

/**
 * osquery's expiry once every scheduled query reading a subscriber has run: events older than the oldest of their
 * last reads minus events_expiry go. Undefined while some reader has not read yet, or when expiry is off (0).
 */
export function expiryCutoff(
  readers: readonly string[],
  reads: ReadonlyArray<{ query: string; read_time: number }>,
  expiry: number,
): number | undefined {
  if (expiry <= 0 || readers.length === 0) return undefined;
  const lastRead = new Map(reads.map((r) => [r.query, r.read_time]));
  let oldest = Number.MAX_SAFE_INTEGER;
  for (const reader of readers) {
    const time = lastRead.get(reader);
    if (time === undefined) return undefined;
    oldest = Math.min(oldest, time);
  }
  return oldest - expiry;
}
