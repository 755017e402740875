/** The JSON summary `osprey replay` prints: what was read, what was skipped (with file:line), what came out, how fast. */
import type { ReplayOutcome } from './replay.js';
import type { FileSummary, LoadedRecords, Malformed } from './sources.js';

/** Malformed records listed one by one up to this many; all are counted. */
const LISTED_MALFORMED = 100;

export interface ReplaySummary {
  readonly files: readonly FileSummary[];
  readonly records: number;
  readonly malformed: number;
  readonly malformedRecords: readonly Malformed[];
  readonly eventTime: { readonly first: string | null; readonly last: string | null };
  readonly flows: number;
  readonly flowsAttributedToProcess: number;
  /** Flows released only by the end-of-recording flush (the last maxWaitMs of event time, or the endpoint lag). */
  readonly flowsHeldToEnd: number;
  readonly alerts: number;
  readonly alertsByRule: Readonly<Record<string, number>>;
  readonly hostRowsRejected: number;
  readonly store: string | null;
  /** Reading and parsing, then the pipeline, in wall-clock ms. */
  readonly loadMs: number;
  readonly replayMs: number;
  readonly recordsPerSecond: number;
}

export interface SummaryInput {
  readonly loaded: LoadedRecords;
  readonly outcome: ReplayOutcome;
  readonly started: number;
  readonly replayStarted: number;
  readonly store: string | null;
  readonly now?: number;
}

export function replaySummary(input: SummaryInput): ReplaySummary {
  const { loaded, outcome } = input;
  const now = input.now ?? Date.now();
  const byRule: Record<string, number> = {};
  for (const alert of outcome.alerts) byRule[alert.rule.id] = (byRule[alert.rule.id] ?? 0) + 1;
  const records = loaded.records.length;
  const iso = (ms: number | undefined): string | null =>
    ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
  const replayMs = now - input.replayStarted;
  return {
    files: loaded.files,
    records,
    malformed: loaded.malformed.length,
    malformedRecords: loaded.malformed.slice(0, LISTED_MALFORMED),
    eventTime: { first: iso(loaded.records[0]?.time), last: iso(loaded.records[records - 1]?.time) },
    flows: outcome.flows.length,
    flowsAttributedToProcess: outcome.flows.filter((f) => f.process).length,
    flowsHeldToEnd: outcome.heldToEnd,
    alerts: outcome.alerts.length,
    alertsByRule: byRule,
    hostRowsRejected: outcome.hostRowsRejected,
    store: input.store,
    loadMs: input.replayStarted - input.started,
    replayMs,
    recordsPerSecond: Math.round(records / Math.max(replayMs / 1000, 0.001)),
  };
}
