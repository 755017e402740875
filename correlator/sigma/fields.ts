/**
 * Sigma field names (Sysmon-for-Linux style, as the SigmaHQ Linux rules use them) mapped to Osprey's ECS events,
 * per logsource category — the job a pySigma processing pipeline does for a backend. A rule naming a field that
 * has no mapping is reported as not evaluable rather than silently never matching.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { FieldValue } from './values.js';

export type FieldGetter = (event: EnrichedEventInput) => FieldValue;

const COMMON: Record<string, FieldGetter> = {
  Image: (e) => e.process?.executable,
  CommandLine: (e) => e.process?.command_line,
  ProcessId: (e) => e.process?.pid,
  User: (e) => e.user?.name ?? e.process?.user?.name,
  CurrentDirectory: (e) => e.process?.working_directory,
  ParentImage: (e) => e.process?.parent?.executable,
  ParentCommandLine: (e) => e.process?.parent?.command_line,
  ParentProcessId: (e) => e.process?.ppid,
  ComputerName: (e) => e.host?.hostname ?? e.host?.name,
  Hashes: (e) => hashList(e),
  sha256: (e) => e.process?.hash?.sha256,
  md5: (e) => e.process?.hash?.md5,
};

export const FIELD_MAPS: Record<string, Record<string, FieldGetter>> = {
  process_creation: {
    ...COMMON,
    // Sysmon for Linux fills LogonId from the audit login uid (/proc/<pid>/loginuid), osquery's `auid`.
    LogonId: (e) => e.osquery?.columns.auid,
  },
  network_connection: {
    ...COMMON,
    DestinationIp: (e) => e.destination?.ip,
    DestinationPort: (e) => e.destination?.port,
    DestinationHostname: (e) => e.destination?.domain,
    SourceIp: (e) => e.source?.ip,
    SourcePort: (e) => e.source?.port,
    SourceHostname: (e) => e.source?.domain,
    Protocol: (e) => e.network?.transport,
    // Sysmon's Initiated: the host opened the connection (egress), as a string the rules compare with 'true'.
    Initiated: (e) => (e.network?.direction === 'egress' ? 'true' : e.network?.direction ? 'false' : undefined),
  },
  file_event: {
    ...COMMON,
    TargetFilename: (e) => e.file?.path,
  },
};

function hashList(e: EnrichedEventInput): string | undefined {
  const h = e.process?.hash;
  if (!h) return undefined;
  const parts = [h.md5 && `MD5=${h.md5}`, h.sha1 && `SHA1=${h.sha1}`, h.sha256 && `SHA256=${h.sha256}`].filter(Boolean);
  return parts.join(',');
}

/** Which enriched events a Sigma logsource category applies to. */
export const CATEGORY_MATCHERS: Record<string, (e: EnrichedEventInput) => boolean> = {
  process_creation: (e) => (e.event.category ?? []).includes('process') && (e.event.type ?? []).includes('start'),
  network_connection: (e) =>
    (e.event.category ?? []).includes('network') &&
    (e.event.dataset === 'osprey.flow' ||
      (e.event.dataset === 'osquery.socket_events' && e.osquery?.columns.action === 'connect')),
  file_event: (e) =>
    (e.event.category ?? []).includes('file') &&
    ((e.event.type ?? []).includes('creation') || (e.event.type ?? []).includes('change')),
};
