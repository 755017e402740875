/** The JSON summary `osprey replay` prints: what was read, what was skipped (with file:line), what came out, how fast. */
import type { ReplayOutcome } from './replay.js';
import type { FileSummary, Malformed } from './sources.js';
import type { ReplayStream } from './stream.js';

/** Malformed records listed one by one up to this many; all are counted. */
const LISTED_MALFORMED = 100;

export interface ReplaySummary {
  readonly files: readonly FileSummary[];
  readonly records: number;
  readonly malformed: number;
  readonly malformedRecords: readonly Malformed[];
  /** Records replayed after a newer record of their own file (out of order beyond the per-file sort window). */
  readonly outOfOrder: number;
  readonly eventTime: { readonly first: string | null; readonly last: string | null };
  readonly flows: number;
  readonly flowsAttributedToProcess: number;
  /** Flows released only by the end-of-recording flush (the last maxWaitMs of event time, or the endpoint lag). */
  readonly flowsHeldToEnd: number;
  readonly alerts: number;
  readonly alertsByRule: Readonly<Record<string, number>>;
  readonly hostRowsRejected: number;
  readonly store: string | null;
  /** Reading, parsing and the pipeline run together, streamed: wall-clock ms from start to end. */
  readonly replayMs: number;
  readonly recordsPerSecond: number;
}

export interface SummaryInput {
  /** The stream the replay read, read to its end. */
  readonly loaded: Pick<ReplayStream, 'files' | 'malformed' | 'totals'>;
  readonly outcome: ReplayOutcome;
  readonly started: number;
  readonly store: string | null;
  readonly now?: number;
}

export function replaySummary(input: SummaryInput): ReplaySummary {
  const { loaded, outcome } = input;
  const now = input.now ?? Date.now();
  const byRule: Record<string, number> = {};
  for (const alert of outcome.alerts) byRule[alert.rule.id] = (byRule[alert.rule.id] ?? 0) + 1;
  const { records } = loaded.totals;
  const iso = (ms: number | null): string | null =>
    ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
  const replayMs = now - input.started;
  return {
    files: loaded.files,
    records,
    malformed: loaded.totals.malformed,
    malformedRecords: loaded.malformed.slice(0, LISTED_MALFORMED),
    outOfOrder: loaded.totals.outOfOrder,
    eventTime: { first: iso(loaded.totals.first), last: iso(loaded.totals.last) },
    flows: outcome.flows.length,
    flowsAttributedToProcess: outcome.flows.filter((f) => f.process).length,
    flowsHeldToEnd: outcome.heldToEnd,
    alerts: outcome.alerts.length,
    alertsByRule: byRule,
    hostRowsRejected: outcome.hostRowsRejected,
    store: input.store,
    replayMs,
    recordsPerSecond: Math.round(records / Math.max(replayMs / 1000, 0.001)),
  };
}
