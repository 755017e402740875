/**
 * Counts in sliding windows per group (Sigma event_count / value_count, Elastic threshold with cardinality, Wazuh
 * frequency/timeframe). Sliding, not tumbling: each event looks back `timespan` from its own time. Only as many
 * entries as the threshold needs are kept per group, so state is bounded by groups × threshold.
 */
import type { AlertInput } from '../../schemas/generated/alert.js';
import { buildAlert, describeProcess } from './alert-builder.js';
import { BoundedMap, Suppressor } from './bounded-map.js';
import {
  optionalDuration,
  optionalNumber,
  requireDuration,
  requireString,
  ruleError,
  ruleMeta,
  stringList,
} from './parse-fields.js';
import { compileSelector, fieldGetter, groupKey } from './selector.js';
import { NO_ALERTS, type CorrelatorEvent, type Detector, type DetectorFactory, type RuleDocument } from './types.js';

/** `condition: {gte: 10}` or `{gt: 9}` → events needed. lt/lte/eq need the window to close, which a stream never sees. */
function neededCount(doc: RuleDocument): number {
  const condition = doc.condition as Record<string, unknown> | undefined;
  if (!condition || typeof condition !== 'object') throw ruleError(doc, '"condition" must be {gte: N} or {gt: N}');
  const ops = Object.keys(condition);
  if (ops.length !== 1) throw ruleError(doc, '"condition" must have exactly one operator');
  const op = ops[0] as string;
  const n = condition[op];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw ruleError(doc, `condition.${op} must be a positive integer`);
  if (op === 'gte') return n;
  if (op === 'gt') return n + 1;
  throw ruleError(
    doc,
    `condition operator "${op}" is not supported on a stream (it needs the window to close); use gte or gt`,
  );
}

interface Window {
  updated: number;
  /** event_count: the newest events, oldest first (null for value_count). */
  events: CorrelatorEvent[] | null;
  /** value_count: newest event per distinct value (null for event_count). */
  values: Map<string, CorrelatorEvent> | null;
}

type ValueGetter = ReturnType<typeof fieldGetter>;

/** How a group's window is made and fed: only as many entries as the threshold needs, none older than timespan. */
function windowKeeper(valueOf: ValueGetter | null, timespan: number, needed: number) {
  const observeValue = (values: Map<string, CorrelatorEvent>, event: CorrelatorEvent, t: number): number => {
    const value = (valueOf as ValueGetter)(event.doc);
    if (value === null || value === undefined || value === '') return values.size;
    const text = String(value);
    values.delete(text);
    values.set(text, event);
    // Values are in the order last seen: drop from the oldest while too old or too many (keys(): no entry arrays).
    for (const v of values.keys()) {
      if ((values.get(v) as CorrelatorEvent).doc.timestamp >= t - timespan && values.size <= needed) break;
      values.delete(v);
    }
    return values.size;
  };
  const observeEvent = (events: CorrelatorEvent[], event: CorrelatorEvent, t: number): number => {
    events.push(event);
    while (events.length > 0 && ((events[0] as CorrelatorEvent).doc.timestamp < t - timespan || events.length > needed))
      events.shift();
    return events.length;
  };
  // A new group's window holds only what its rule type keeps.
  const newWindow = (t: number): Window =>
    valueOf ? { updated: t, events: null, values: new Map() } : { updated: t, events: [], values: null };
  const observe = (w: Window, event: CorrelatorEvent, t: number): number =>
    w.values ? observeValue(w.values, event, t) : observeEvent(w.events as CorrelatorEvent[], event, t);
  return { newWindow, observe };
}

function countingDetector(doc: RuleDocument, type: 'event_count' | 'value_count'): Detector {
  const meta = ruleMeta(doc, type, { severity: 'medium' });
  const where = compileSelector(doc, doc.where ?? {}, 'where');
  const by = stringList(doc, 'group_by').map(fieldGetter);
  const valueOf = type === 'value_count' ? fieldGetter(requireString(doc, 'field')) : null;
  const timespan = requireDuration(doc, 'timespan');
  const needed = neededCount(doc);
  const suppressor = new Suppressor(optionalDuration(doc, 'suppress', timespan), 100_000);
  const windows = new BoundedMap<string, Window>(optionalNumber(doc, 'max_keys', 100_000));

  const { newWindow, observe } = windowKeeper(valueOf, timespan, needed);

  return {
    meta,
    onEvent(event) {
      if (!where(event.doc)) return NO_ALERTS;
      const key = groupKey(by, event.doc);
      if (key === null) return NO_ALERTS;
      const t = event.doc.timestamp;
      const w = windows.get(key) ?? newWindow(t);
      w.updated = Math.max(w.updated, t);
      const count = observe(w, event, t);
      windows.set(key, w);
      if (count < needed) return NO_ALERTS;
      const evidence = w.values ? [...w.values.values()] : [...(w.events as CorrelatorEvent[])];
      evidence.sort((a, b) => a.doc.timestamp - b.doc.timestamp);
      windows.delete(key);
      if (!suppressor.allow(key, t)) return NO_ALERTS;
      const what = valueOf
        ? `${count} distinct values in ${timespan / 1000}s`
        : `${count} events in ${timespan / 1000}s`;
      const alert: AlertInput = buildAlert({
        meta,
        groupKey: key,
        windowStart: (evidence[0] as CorrelatorEvent).doc.timestamp,
        message: `${meta.name}: ${what} (group ${key || 'all'}), latest by ${describeProcess(event.doc)}.`,
        evidence: evidence.slice(-20),
      });
      return [alert];
    },
    evict(watermark) {
      windows.evictWhile((w) => w.updated < watermark - timespan);
      suppressor.evict(watermark);
    },
    stateSize: () => windows.size + suppressor.size,
  };
}

export const eventCountFactory: DetectorFactory = (doc) => [countingDetector(doc, 'event_count')];
export const valueCountFactory: DetectorFactory = (doc) => [countingDetector(doc, 'value_count')];
