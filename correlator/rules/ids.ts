/**
 * IDS attribution: every Suricata alert becomes an Osprey alert naming the process, user, binary hash and host
 * behind the flow (or saying that none was found). Suricata severity 1 is the most severe.
 */
import type { Severity } from '../../schemas/generated/alert.js';
import { buildAlert, describeProcess } from './alert-builder.js';
import { ruleMeta } from './parse-fields.js';
import { NO_ALERTS, type Detector, type DetectorFactory } from './types.js';

const SURICATA_SEVERITY: Record<number, Severity> = { 1: 'high', 2: 'medium', 3: 'low', 4: 'low' };

export const idsFactory: DetectorFactory = (doc) => {
  const meta = ruleMeta(
    { id: 'osprey-ids-attribution', name: 'IDS alert attributed to a host process', ...doc },
    'ids',
    { severity: 'medium' },
  );
  const raiseUnattributed = doc.unattributed !== false;
  const detector: Detector = {
    meta,
    onEvent(event) {
      const alert = event.flow?.alert;
      if (event.kind !== 'network' || !event.flow || !alert) return NO_ALERTS;
      const attributed = Boolean(event.doc.process?.pid ?? event.doc.process?.executable);
      if (!attributed && !raiseUnattributed) return NO_ALERTS;
      const severity = SURICATA_SEVERITY[alert.severity ?? 2] ?? meta.severity;
      const signature = alert.signature ?? `signature ${alert.signature_id ?? '?'}`;
      const built = buildAlert({
        meta: {
          ...meta,
          severity,
          riskScore: severity === 'high' ? 73 : severity === 'medium' ? 47 : 21,
          name: `${meta.name}: ${signature}`,
        },
        groupKey: `${event.flow.observer.name}|${event.flow.id}`,
        windowStart: event.flow.timestamp,
        message: `${signature} (sid ${alert.signature_id ?? '?'}, ${alert.category ?? 'uncategorized'}) from ${describeProcess(event.doc)}; binary sha256 ${event.doc.process?.hash?.sha256 ?? 'unknown'}.`,
        evidence: [event],
      });
      built.rule.tags = [...(built.rule.tags ?? []), `sid:${alert.signature_id ?? ''}`];
      return [built];
    },
    evict() {},
    stateSize: () => 0,
  };
  return [detector];
};
