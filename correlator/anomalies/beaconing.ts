/**
 * Beaconing: connections from one process to one destination at regular intervals. Model: per group (host,
 * process, destination ip and port) the last `min_connections` connection times; when that many are held, the
 * inter-arrival intervals' mean must lie in [min_interval, max_interval] and their coefficient of variation
 * (standard deviation / mean) be at most `max_jitter`. Human traffic is bursty (CV ≫ 1); implants sleep with a
 * small jitter (Cobalt Strike's default jitter is 0–50 %, so 0.2 catches the common low-jitter settings).
 */
import { buildAlert, describeProcess } from '../rules/alert-builder.js';
import { BoundedMap, Suppressor } from '../rules/bounded-map.js';
import { optionalDuration, optionalNumber, ruleError, ruleMeta, stringList } from '../rules/parse-fields.js';
import { compileSelector, fieldGetter, groupKey } from '../rules/selector.js';
import { NO_ALERTS, type CorrelatorEvent, type Detector, type DetectorFactory } from '../rules/types.js';

export interface IntervalStats {
  readonly mean: number;
  readonly cv: number;
}

export function intervalStats(times: readonly number[]): IntervalStats | null {
  return seriesStats(times.length, (i) => times[i] as number);
}

/** The same figures over a beaconing series, read in place (the detector runs this on every full series). */
function eventStats(events: readonly CorrelatorEvent[]): IntervalStats | null {
  return seriesStats(events.length, (i) => (events[i] as CorrelatorEvent).doc.timestamp);
}

/** Mean and coefficient of variation of the gaps between n ordered times, summed in order without a gap array. */
function seriesStats(n: number, timeAt: (i: number) => number): IntervalStats | null {
  if (n < 3) return null;
  let sum = 0;
  for (let i = 1; i < n; i++) sum += timeAt(i) - timeAt(i - 1);
  const mean = sum / (n - 1);
  if (mean <= 0) return null;
  let squares = 0;
  for (let i = 1; i < n; i++) squares += (timeAt(i) - timeAt(i - 1) - mean) ** 2;
  return { mean, cv: Math.sqrt(squares / (n - 1)) / mean };
}

export const beaconingFactory: DetectorFactory = (doc) => {
  const meta = ruleMeta(doc, 'beaconing', { severity: 'high' });
  const where = compileSelector(doc, doc.where ?? { 'event.dataset': 'osprey.flow' }, 'where');
  const by = (
    doc.group_by === undefined
      ? ['host.id', 'process.executable', 'destination.ip', 'destination.port']
      : stringList(doc, 'group_by')
  ).map(fieldGetter);
  const minConnections = optionalNumber(doc, 'min_connections', 8);
  if (minConnections < 4) throw ruleError(doc, '"min_connections" must be at least 4');
  const maxJitter = optionalNumber(doc, 'max_jitter', 0.2);
  const minInterval = optionalDuration(doc, 'min_interval', 1_000);
  const maxInterval = optionalDuration(doc, 'max_interval', 3_600_000);
  const suppressor = new Suppressor(optionalDuration(doc, 'suppress', 6 * 3_600_000), 100_000);
  const series = new BoundedMap<string, CorrelatorEvent[]>(optionalNumber(doc, 'max_keys', 200_000));
  const detector: Detector = {
    meta,
    onEvent(event) {
      if (!where(event.doc)) return NO_ALERTS;
      const key = groupKey(by, event.doc);
      if (key === null) return NO_ALERTS;
      const list = series.get(key) ?? [];
      const t = event.doc.timestamp;
      // One connection reported twice (Zeek and Suricata) is one beat, not two.
      for (const e of list) if (e.doc.timestamp === t) return NO_ALERTS;
      const newest = list[list.length - 1];
      list.push(event);
      if (newest && newest.doc.timestamp > t) list.sort((a, b) => a.doc.timestamp - b.doc.timestamp);
      if (list.length > minConnections) list.shift();
      series.set(key, list);
      if (list.length < minConnections) return NO_ALERTS;
      const stats = eventStats(list);
      if (!stats || stats.cv > maxJitter || stats.mean < minInterval || stats.mean > maxInterval) return NO_ALERTS;
      if (!suppressor.allow(key, t)) return NO_ALERTS;
      const first = list[0] as CorrelatorEvent;
      return [
        buildAlert({
          meta,
          groupKey: key,
          windowStart: first.doc.timestamp,
          message: `${meta.name}: ${describeProcess(event.doc)} connected to ${event.doc.destination?.ip}:${event.doc.destination?.port} ${list.length} times every ${(stats.mean / 1000).toFixed(1)}s (jitter ${(stats.cv * 100).toFixed(1)}%).`,
          evidence: list,
        }),
      ];
    },
    evict(watermark) {
      series.evictWhile(
        (list) => (list[list.length - 1]?.doc.timestamp ?? 0) < watermark - maxInterval * minConnections,
      );
      suppressor.evict(watermark);
    },
    stateSize: () => series.size + suppressor.size,
  };
  return [detector];
};
