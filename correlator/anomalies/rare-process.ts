/**
 * Rare process across the fleet (Elastic's rare_process_by_host ML jobs, without ML): a binary (by sha256, else by
 * path) that runs on at most `max_hosts` hosts of a fleet of at least `min_fleet_hosts`. Model: for each binary the
 * set of hosts it ran on (capped at max_hosts + 1: beyond that it is common and the exact set is not needed); the
 * fleet is the set of hosts seen. A binary first seen after the learning period on a host, while it is rare, alerts
 * once per (binary, host). The learning period lets the baseline of common binaries form first.
 */
import { buildAlert, describeProcess } from '../rules/alert-builder.js';
import { BoundedMap, Suppressor } from '../rules/bounded-map.js';
import { optionalDuration, optionalNumber, ruleMeta } from '../rules/parse-fields.js';
import { compileSelector } from '../rules/selector.js';
import { NO_ALERTS, type Detector, type DetectorFactory } from '../rules/types.js';

export const rareProcessFactory: DetectorFactory = (doc) => {
  const meta = ruleMeta(doc, 'rare_process', { severity: 'medium' });
  const where = compileSelector(
    doc,
    doc.where ?? { 'event.category': 'process', 'process.executable|exists': true },
    'where',
  );
  const maxHosts = optionalNumber(doc, 'max_hosts', 1);
  const minFleet = optionalNumber(doc, 'min_fleet_hosts', 10);
  const learningMs = optionalDuration(doc, 'learning_period', 3_600_000);
  const binaries = new BoundedMap<string, Set<string>>(optionalNumber(doc, 'max_binaries', 500_000));
  const fleet = new BoundedMap<string, number>(optionalNumber(doc, 'max_hosts_tracked', 200_000));
  const alerted = new Suppressor(optionalDuration(doc, 'suppress', 7 * 86_400_000), 100_000);
  let firstEvent = Infinity;

  const detector: Detector = {
    meta,
    onEvent(event) {
      const d = event.doc;
      const host = d.host?.id ?? d.host?.name;
      if (!host) return NO_ALERTS;
      const t = d.timestamp;
      // Assigned only when it changes: a number stored in a closure variable is a new heap number each time.
      if (t < firstEvent) firstEvent = t;
      if (fleet.get(host) === undefined) fleet.set(host, t);
      if (!where(d)) return NO_ALERTS;
      const identity = d.process?.hash?.sha256 ?? d.process?.executable;
      if (!identity) return NO_ALERTS;
      const known = binaries.get(identity);
      const hosts = known ?? new Set<string>();
      const newOnHost = !hosts.has(host);
      if (newOnHost && hosts.size <= maxHosts) hosts.add(host);
      if (!known) binaries.set(identity, hosts);
      const rare = hosts.size <= maxHosts;
      if (!newOnHost || !rare || fleet.size < minFleet || t - firstEvent < learningMs) return NO_ALERTS;
      if (!alerted.allow(`${identity}|${host}`, t)) return NO_ALERTS;
      return [
        buildAlert({
          meta,
          groupKey: `${identity}|${host}`,
          windowStart: t,
          message: `${meta.name}: ${describeProcess(d)} has run on ${hosts.size} of ${fleet.size} hosts.`,
          evidence: [event],
        }),
      ];
    },
    evict(watermark) {
      alerted.evict(watermark);
    },
    stateSize: () => binaries.size + fleet.size + alerted.size,
  };
  return [detector];
};
