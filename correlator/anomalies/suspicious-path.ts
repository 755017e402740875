/**
 * A process that talks to the network while running from a deleted binary or from a world-writable directory
 * (/tmp, /var/tmp, /dev/shm, …): the classic drop-and-run implant. Model: deleted binaries are known from the
 * process rows (osquery `on_disk = 0`, or the kernel's " (deleted)" suffix on the path); world-writable directories
 * are a configured prefix list. Any network event (attributed flow or socket row) of such a process alerts, once per
 * (host, pid) per suppression period.
 */
import { buildAlert, describeProcess } from '../rules/alert-builder.js';
import { BoundedMap, Suppressor } from '../rules/bounded-map.js';
import { optionalDuration, optionalNumber, ruleMeta, stringList } from '../rules/parse-fields.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { NO_ALERTS, type Detector, type DetectorFactory } from '../rules/types.js';

const DEFAULT_WORLD_WRITABLE = ['/tmp/', '/var/tmp/', '/dev/shm/', '/run/shm/', '/var/crash/', '/run/user/'];
const SOCKET_DATASETS = new Set([
  'osprey.flow',
  'osquery.process_open_sockets',
  'osquery.listening_ports',
  'osquery.socket_events',
]);

function processKey(doc: EnrichedEventInput): string | null {
  const pid = doc.process?.pid;
  const host = doc.host?.id ?? doc.host?.name;
  return pid === null || pid === undefined || !host ? null : `${host}|${pid}`;
}

export const suspiciousPathFactory: DetectorFactory = (doc) => {
  const meta = ruleMeta(doc, 'suspicious_path', { severity: 'high' });
  const prefixes = doc.world_writable === undefined ? DEFAULT_WORLD_WRITABLE : stringList(doc, 'world_writable');
  const deleted = new BoundedMap<string, number>(optionalNumber(doc, 'max_processes', 100_000));
  const ttl = optionalDuration(doc, 'process_ttl', 24 * 3_600_000);
  const suppressor = new Suppressor(optionalDuration(doc, 'suppress', 3_600_000), 100_000);

  /** Why the process is suspicious, or null; the process key is built only when the deleted list must be asked. */
  const reasonOf = (d: EnrichedEventInput): string | null => {
    const path = d.process?.executable ?? '';
    if (path.endsWith(' (deleted)')) return 'its binary was deleted';
    if (deleted.size > 0) {
      const key = processKey(d);
      if (key !== null && deleted.get(key) !== undefined) return 'its binary was deleted';
    }
    for (const p of prefixes) if (path.startsWith(p)) return `its binary is in the world-writable ${p}`;
    return null;
  };

  const detector: Detector = {
    meta,
    onEvent(event) {
      const d = event.doc;
      const binaryDeleted = d.osquery?.columns.on_disk === '0';
      const usesNetwork = SOCKET_DATASETS.has(d.event.dataset);
      // Most events are neither: answer before building the process key.
      if (!binaryDeleted && !usesNetwork) return NO_ALERTS;
      if (binaryDeleted) {
        const key = processKey(d);
        if (key === null) return NO_ALERTS;
        deleted.set(key, d.timestamp);
      }
      if (!usesNetwork) return NO_ALERTS;
      // Most network events have no reason: the key is built only for those that do.
      const reason = reasonOf(d);
      if (reason === null) return NO_ALERTS;
      const key = processKey(d);
      if (key === null || !suppressor.allow(key, d.timestamp)) return NO_ALERTS;
      return [
        buildAlert({
          meta,
          groupKey: key,
          windowStart: d.timestamp,
          message: `${meta.name}: ${describeProcess(d)} uses the network and ${reason}.`,
          evidence: [event],
        }),
      ];
    },
    evict(watermark) {
      deleted.evictWhile((seen) => seen < watermark - ttl);
      suppressor.evict(watermark);
    },
    stateSize: () => deleted.size + suppressor.size,
  };
  return [detector];
};
