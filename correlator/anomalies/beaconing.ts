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
import type { CorrelatorEvent, Detector, DetectorFactory } from '../rules/types.js';

export interface IntervalStats {
  readonly mean: number;
  readonly cv: number;
}

export function intervalStats(times: readonly number[]): IntervalStats | null {
  if (times.length < 3) return null;
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  if (mean <= 0) return null;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
  return { mean, cv: Math.sqrt(variance) / mean };
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
      if (!where(event.doc)) return [];
      const key = groupKey(by, event.doc);
      if (key === null) return [];
      const list = series.get(key) ?? [];
      const t = event.doc.timestamp;
      // One connection reported twice (Zeek and Suricata) is one beat, not two.
      if (list.some((e) => e.doc.timestamp === t)) return [];
      const newest = list[list.length - 1];
      list.push(event);
      if (newest && newest.doc.timestamp > t) list.sort((a, b) => a.doc.timestamp - b.doc.timestamp);
      if (list.length > minConnections) list.shift();
      series.set(key, list);
      if (list.length < minConnections) return [];
      const stats = intervalStats(list.map((e) => e.doc.timestamp));
      if (!stats || stats.cv > maxJitter || stats.mean < minInterval || stats.mean > maxInterval) return [];
      if (!suppressor.allow(key, t)) return [];
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
