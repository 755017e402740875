/** The attributed flow: an enriched_event (dataset osprey.flow) with the owning process, user, binary and host. */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { FileInput, HostInput, ProcessInput, UserInput } from '../../schemas/generated/shared.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { ProcessContext } from './endpoint-state.js';
import type { SocketMatch } from './resolve.js';

export interface Attribution {
  readonly match: SocketMatch | null;
  readonly hostKey: string | null;
  readonly host: HostInput | null;
  readonly process: ProcessContext | null;
  /** Several processes called the flow's remote end: none is named (remote-connects.ts). */
  readonly ambiguous?: boolean;
}

export function attributedDocument(
  flow: NetworkEventInput,
  attribution: Attribution,
  ingested: number,
): EnrichedEventInput {
  const process = attribution.process?.process ?? pidOnly(attribution.match?.entry.pid ?? null);
  const user = attribution.process?.user ?? userOfProcess(process);
  const missing = missingOf(attribution, process, user);
  const src = flow.source;
  const dst = flow.destination;
  return {
    id: flow.id,
    timestamp: flow.timestamp,
    event: {
      kind: flow.event.kind,
      category: flow.event.category,
      type: flow.event.type,
      action: flow.event.action ?? null,
      dataset: 'osprey.flow',
      module: flow.observer.type,
      created: flow.timestamp,
      ingested,
    },
    host: attribution.host,
    process,
    user,
    file: binaryOf(process),
    source: { ip: src?.ip ?? null, port: src?.port ?? null, address: src?.ip ?? null, domain: null },
    destination: {
      ip: dst?.ip ?? null,
      port: dst?.port ?? null,
      address: dst?.ip ?? null,
      domain: destinationDomain(flow),
    },
    network: {
      transport: flow.network?.transport ?? null,
      protocol: flow.network?.protocol ?? null,
      community_id: flow.network?.community_id ?? null,
      direction: directionOf(attribution.match),
      iana_number: null,
      bytes: flow.network?.bytes ?? null,
      packets: flow.network?.packets ?? null,
    },
    observer: observerOf(flow.observer),
    tags: tagsOf(flow.event.dataset, attribution),
    enrichment: missing === MISSING_HOST_PROCESS ? ENRICHMENT_HOST_PROCESS : { missing },
    related: relatedOf(src?.ip, dst?.ip, user?.name, process?.hash?.sha256),
  };
}

/**
 * Lists and objects every unmatched flow (every flow of a network-only replay) carries alike, made once and shared:
 * a replay holds flows in its rule windows, and each object per flow is copied by the collector. Frozen, so a
 * consumer changing one document's list in place would fail loudly rather than change every document's.
 */
const MISSING_PROCESS = Object.freeze(['process']) as string[];
const MISSING_HOST_PROCESS = Object.freeze(['host', 'process']) as string[];
const ENRICHMENT_HOST_PROCESS = Object.freeze({ missing: MISSING_HOST_PROCESS });
const NONE = Object.freeze([]) as unknown as string[];

/** The observer copy made for the last flow's observer: a sensor's parser shares one among its records. */
let observerSource: NetworkEventInput['observer'] | null = null;
let observerCopy: EnrichedEventInput['observer'] = null;

function observerOf(observer: NetworkEventInput['observer']): EnrichedEventInput['observer'] {
  if (observerSource !== observer) {
    observerSource = observer;
    observerCopy = Object.freeze({ type: observer.type, name: observer.name });
  }
  return observerCopy;
}

/** [dataset] tags of unattributed flows, one frozen list per dataset (a handful: zeek.conn, suricata.flow, …). */
const DATASET_TAGS = new Map<string, string[]>();
const MAX_DATASET_TAGS = 256;

function datasetTags(dataset: string): string[] {
  let tags = DATASET_TAGS.get(dataset);
  if (tags === undefined) {
    tags = Object.freeze([dataset]) as string[];
    if (DATASET_TAGS.size < MAX_DATASET_TAGS) DATASET_TAGS.set(dataset, tags);
  }
  return tags;
}

/**
 * enrichment.missing, in the order host, process (or process_details), user, hash. Unmatched flows get a shared
 * list; others an exact-size literal: push onto [] would reserve room for 17 entries per document.
 */
function missingOf(attribution: Attribution, process: ProcessInput | null, user: UserInput | null): string[] {
  if (!attribution.match) return attribution.host ? MISSING_PROCESS : MISSING_HOST_PROCESS;
  const missing: string[] = attribution.host ? [] : ['host'];
  if (!process?.executable) missing.push('process_details');
  if (!user) missing.push('user');
  if (!process?.hash?.sha256) missing.push('hash');
  return missing;
}

/** The attributed_by tag of each way of matching, written once rather than composed per flow. */
const VIA_TAGS: Readonly<Record<SocketMatch['via'], string>> = {
  five_tuple: 'attributed_by:five_tuple',
  listener: 'attributed_by:listener',
  remote_endpoint: 'attributed_by:remote_endpoint',
};

/** How the process was found; a match by the remote end alone is a guess and says so. */
function tagsOf(dataset: string, attribution: Attribution): string[] {
  const via = attribution.match?.via;
  if (via === 'remote_endpoint') return [dataset, VIA_TAGS[via], 'attribution_confidence:low'];
  if (via) return [dataset, VIA_TAGS[via]];
  return attribution.ambiguous ? [dataset, 'attribution:ambiguous'] : datasetTags(dataset);
}

/**
 * related.*: the values present, built with plain conditionals (one per flow: filtered arrays were garbage) and as
 * exact-size literals (push onto [] reserves room for 16 entries: most of a flow document's bytes).
 */
function relatedOf(
  srcIp: string | null | undefined,
  dstIp: string | null | undefined,
  userName: string | null | undefined,
  sha256: string | null | undefined,
): { ip: string[]; user: string[]; hash: string[] } {
  const ip = srcIp ? (dstIp ? [srcIp, dstIp] : [srcIp]) : dstIp ? [dstIp] : NONE;
  return { ip, user: userName ? [userName] : NONE, hash: sha256 ? [sha256] : NONE };
}

function pidOnly(pid: number | null): ProcessInput | null {
  return pid === null ? null : { pid };
}

function userOfProcess(process: ProcessInput | null): UserInput | null {
  const u = process?.user;
  return u ? { id: u.id ?? null, name: u.name ?? null, group: null } : null;
}

/** file.* of the process binary: its path and hashes (ECS puts the binary's hash under file.hash too). */
function binaryOf(process: ProcessInput | null): FileInput | null {
  if (!process?.executable && !process?.hash) return null;
  const path = process.executable ?? null;
  // The last path segment by lastIndexOf (split would build an array of every segment per flow).
  return { path, name: path ? path.slice(path.lastIndexOf('/') + 1) : null, hash: process.hash ?? null };
}

function destinationDomain(flow: NetworkEventInput): string | null {
  return flow.tls?.server_name ?? flow.http?.host ?? null;
}

function directionOf(match: SocketMatch | null): string | null {
  if (!match) return null;
  return match.side === 'source' ? 'egress' : 'ingress';
}
