/**
 * The correlator's view of the event contracts (docs/events.md; schemas/avro/*.avsc). Written structurally so that
 * the stage type-checks against the Avro records whatever the generated names are; every optional field here is
 * nullable with default null in the schema.
 */
import type * as Avro from '../schemas/generated/index.js';
import type { EndpointInput, FileInput, HashInput, HostInput, NetworkInput, ProcessInput, UserInput } from '../schemas/generated/shared.js';

/** The ECS groups, as the Avro writer accepts them: every field optional and nullable. */
export type Hash = HashInput;
export type HostInfo = HostInput;
export type ProcessInfo = ProcessInput;
export type UserInfo = UserInput;
export type FileInfo = FileInput;
export type EcsEndpoint = EndpointInput;
export type EcsNetwork = NetworkInput;

export interface FlowEndpoint {
  ip?: string | null;
  port?: number | null;
  bytes?: number | null;
  packets?: number | null;
}

export interface NetworkEvent {
  id: string;
  timestamp: number;
  observer: { type: string; name: string };
  event: {
    kind: string;
    category: string[];
    type: string[];
    action?: string | null;
    dataset: string;
    duration?: number | null;
  };
  source?: FlowEndpoint | null;
  destination?: FlowEndpoint | null;
  network?: {
    transport?: string | null;
    protocol?: string | null;
    community_id?: string | null;
    bytes?: number | null;
    packets?: number | null;
  } | null;
  dns?: { question?: { name?: string | null; type?: string | null } | null; answers?: string[] | null; response_code?: string | null } | null;
  tls?: { server_name?: string | null } | null;
  http?: { method?: string | null; url?: string | null; host?: string | null; status_code?: number | null } | null;
  alert?: {
    signature?: string | null;
    signature_id?: number | null;
    category?: string | null;
    severity?: number | null;
    action?: string | null;
  } | null;
  zeek_uid?: string | null;
  flow_id?: string | null;
  raw: string;
}

export interface EnrichedEvent {
  id: string;
  timestamp: number;
  event: {
    kind: string;
    category: string[];
    type: string[];
    action?: string | null;
    dataset: string;
    module?: string | null;
    created?: number | null;
    ingested?: number | null;
  };
  host?: HostInfo | null;
  agent?: { id?: string | null; version?: string | null; type?: string | null } | null;
  process?: ProcessInfo | null;
  user?: UserInfo | null;
  file?: FileInfo | null;
  source?: EcsEndpoint | null;
  destination?: EcsEndpoint | null;
  network?: EcsNetwork | null;
  observer?: { type?: string | null; name?: string | null } | null;
  threat?: { indicators: Array<{ type: string; value: string; field?: string | null; list?: string | null }> } | null;
  tags?: string[] | null;
  enrichment?: { missing: string[] } | null;
  osquery?: {
    name: string;
    action: string;
    counter: number;
    epoch: number;
    hostIdentifier: string;
    columns: Record<string, string>;
    decorations: Record<string, string>;
  } | null;
  related?: { ip?: string[] | null; user?: string[] | null; hash?: string[] | null } | null;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface Evidence {
  id: string;
  kind: 'endpoint' | 'network';
  timestamp: number;
  dataset?: string | null;
  summary?: string | null;
  document: string;
}

export interface Alert {
  id: string;
  timestamp: number;
  rule: { id: string; name: string; type: string; description?: string | null; tags: string[]; mitre_techniques: string[] };
  severity: Severity;
  risk_score: number;
  message: string;
  host?: HostInfo | null;
  process?: ProcessInfo | null;
  user?: UserInfo | null;
  file?: FileInfo | null;
  source?: EcsEndpoint | null;
  destination?: EcsEndpoint | null;
  network?: EcsNetwork | null;
  group_key?: string | null;
  evidence: Evidence[];
}

// Compile-time proof that these views and the generated Avro types agree both ways: what the codec decodes is a
// value here, and what the correlator builds is accepted by encode.
type Assert<T extends true> = T;
export type SchemaAgreement = [
  Assert<Avro.NetworkEvent extends NetworkEvent ? true : false>,
  Assert<NetworkEvent extends Avro.NetworkEventInput ? true : false>,
  Assert<Avro.EnrichedEvent extends EnrichedEvent ? true : false>,
  Assert<EnrichedEvent extends Avro.EnrichedEventInput ? true : false>,
  Assert<Alert extends Avro.AlertInput ? true : false>,
  Assert<Avro.Alert extends Alert ? true : false>,
];
