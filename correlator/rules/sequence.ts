/**
 * Ordered sequences (EQL `sequence by … with maxspan`, Sigma temporal_ordered) and unordered co-occurrence
 * (Sigma temporal) per join key. State per key: for sequences the newest partial match per stage (EQL keeps one per
 * stage and key); for temporal the newest event per step. Keys are capped and dropped once older than the span.
 */
import type { AlertInput } from '../../schemas/generated/alert.js';
import { buildAlert, describeProcess } from './alert-builder.js';
import { BoundedMap, Suppressor } from './bounded-map.js';
import { optionalDuration, optionalNumber, requireDuration, ruleError, ruleMeta, stringList } from './parse-fields.js';
import { compileSelector, fieldGetter, groupKey, type Selector } from './selector.js';
import {
  NO_ALERTS,
  type CorrelatorEvent,
  type Detector,
  type DetectorFactory,
  type RuleDocument,
  type RuleMeta,
} from './types.js';

interface Step {
  readonly where: Selector;
  readonly by: ReturnType<typeof fieldGetter>[];
}

interface Partial {
  readonly start: number;
  readonly last: number;
  readonly events: readonly CorrelatorEvent[];
}

interface SequenceState {
  updated: number;
  stages: Array<Partial | undefined>;
}

function readSteps(doc: RuleDocument): Step[] {
  const defaultBy = stringList(doc, 'by').map(fieldGetter);
  const steps = doc.steps;
  if (!Array.isArray(steps) || steps.length < 2) throw ruleError(doc, '"steps" must list at least two steps');
  return steps.map((s: unknown, i) => {
    const step = (s ?? {}) as RuleDocument;
    const by = step.by === undefined ? defaultBy : stringList(step, 'by').map(fieldGetter);
    if (by.length !== defaultBy.length && defaultBy.length > 0)
      throw ruleError(doc, `steps[${i}].by must name as many fields as "by"`);
    return { where: compileSelector(doc, step.where, `steps[${i}].where`), by };
  });
}

function common(doc: RuleDocument, type: string) {
  const meta = ruleMeta(doc, type, { severity: 'high' });
  const suppressor = new Suppressor(optionalDuration(doc, 'suppress', 0), 100_000);
  const keys = optionalNumber(doc, 'max_keys', 100_000);
  return { meta, suppressor, keys };
}

function fire(
  meta: RuleMeta,
  suppressor: Suppressor,
  key: string,
  events: readonly CorrelatorEvent[],
  what: string,
): readonly AlertInput[] {
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last || !suppressor.allow(key, last.doc.timestamp)) return NO_ALERTS;
  return [
    buildAlert({
      meta,
      groupKey: key,
      windowStart: first.doc.timestamp,
      message: `${meta.name}: ${what} by ${describeProcess(last.doc)}.`,
      evidence: events,
    }),
  ];
}

export const sequenceFactory: DetectorFactory = (doc) => {
  const { meta, suppressor, keys } = common(doc, 'sequence');
  const steps = readSteps(doc);
  const maxspan = requireDuration(doc, 'maxspan');
  const until = doc.until === undefined ? null : compileSelector(doc, doc.until, 'until');
  const untilBy = stringList(doc, 'by').map(fieldGetter);
  const state = new BoundedMap<string, SequenceState>(keys);
  const lastStage = steps.length - 1;

  const detector: Detector = {
    meta,
    onEvent(event) {
      const doc = event.doc;
      const t = doc.timestamp;
      if (until?.(doc)) {
        const key = groupKey(untilBy, doc);
        if (key !== null) state.delete(key);
      }
      let out: AlertInput[] | undefined;
      // Highest stage first, so one event never advances a sequence two stages at once.
      for (let stage = lastStage; stage >= 0; stage--) {
        const step = steps[stage] as Step;
        if (!step.where(doc)) continue;
        const key = groupKey(step.by, doc);
        if (key === null) continue;
        const current = state.get(key);
        if (stage === 0) {
          const s = current ?? { updated: t, stages: [] };
          s.stages[0] = { start: t, last: t, events: [event] };
          s.updated = Math.max(s.updated, t);
          state.set(key, s);
          continue;
        }
        const previous = current?.stages[stage - 1];
        if (!current || !previous) continue;
        // An event older than the partial's last step cannot follow it; leave the partial for a later event.
        if (t < previous.last) continue;
        current.stages[stage - 1] = undefined;
        if (t - previous.start > maxspan) continue;
        const advanced = { start: previous.start, last: t, events: [...previous.events, event] };
        current.updated = Math.max(current.updated, t);
        if (stage === lastStage)
          (out ??= []).push(
            ...fire(meta, suppressor, key, advanced.events, `${steps.length} steps in order within ${maxspan / 1000}s`),
          );
        else current.stages[stage] = advanced;
      }
      return out ?? NO_ALERTS;
    },
    evict(watermark) {
      state.evictWhile((s) => s.updated < watermark - maxspan);
      suppressor.evict(watermark);
    },
    stateSize: () => state.size + suppressor.size,
  };
  return [detector];
};

export const temporalFactory: DetectorFactory = (doc) => {
  const { meta, suppressor, keys } = common(doc, 'temporal');
  const steps = readSteps(doc);
  const timespan = requireDuration(doc, 'timespan');
  const state = new BoundedMap<string, { updated: number; seen: Array<CorrelatorEvent | undefined> }>(keys);
  /** Records the event for step i of its key; the alerts when that completes every step within the span. */
  const observe = (i: number, key: string, event: CorrelatorEvent): readonly AlertInput[] => {
    const t = event.doc.timestamp;
    const s = state.get(key) ?? { updated: t, seen: [] };
    s.seen[i] = event;
    s.updated = Math.max(s.updated, t);
    state.set(key, s);
    const present = s.seen.filter((e): e is CorrelatorEvent => e !== undefined && t - e.doc.timestamp <= timespan);
    if (present.length !== steps.length) return NO_ALERTS;
    state.delete(key);
    const ordered = [...present].sort((a, b) => a.doc.timestamp - b.doc.timestamp);
    return fire(meta, suppressor, key, ordered, `all ${steps.length} events within ${timespan / 1000}s`);
  };
  const detector: Detector = {
    meta,
    // No closure in here: one capturing an event's value would cost a context allocation on every event.
    onEvent(event) {
      let out: AlertInput[] | undefined;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i] as Step;
        if (!step.where(event.doc)) continue;
        const key = groupKey(step.by, event.doc);
        if (key === null) continue;
        const alerts = observe(i, key, event);
        if (alerts.length > 0) (out ??= []).push(...alerts);
      }
      return out ?? NO_ALERTS;
    },
    evict(watermark) {
      state.evictWhile((s) => s.updated < watermark - timespan);
      suppressor.evict(watermark);
    },
    stateSize: () => state.size + suppressor.size,
  };
  return [detector];
};
