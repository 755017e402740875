/**
 * The enricher's view of the records it reads and writes (docs/events.md). The shapes follow the Avro schemas in
 * schemas/avro/; fields the enricher leaves empty are simply absent, and the Avro writer fills their defaults.
 */

/**
 * A column value as the codec decodes `union{null,string,long,double}`: bare; the wrapped forms are what plain avsc
 * gives for that ambiguous union, accepted so that rows decoded by other tools map the same.
 */
export type ColumnValue = null | string | number | { string: string } | { long: number } | { double: number };

export type { ResultEvent } from '../schemas/generated/index.js';

/** The ECS groups, as the Avro writer accepts them (schemas/generated): every field optional and nullable. */
import type {
  AgentInput as Agent,
  EndpointInput as Endpoint,
  FileInput as FileFields,
  HashInput as Hash,
  HostInput as Host,
  HostOsInput as HostOs,
  NetworkInput as NetworkFields,
  ProcessInput as ProcessFields,
  UserInput as UserFields,
} from '../schemas/generated/shared.js';

export type { Agent, Endpoint, FileFields, Hash, Host, HostOs, NetworkFields, ProcessFields, UserFields };

export interface HostMetadata {
  hostIdentifier: string;
  updated: number;
  host: Host;
  agent: Agent;
  tags: string[];
}

export interface ThreatIndicator {
  type: 'file' | 'ipv4-addr' | 'ipv6-addr' | 'domain-name';
  value: string;
  field: string | null;
  list: string | null;
}

export interface EventFields {
  kind: 'event' | 'state' | 'alert';
  category: string[];
  type: string[];
  action: string | null;
  dataset: string;
  module: string | null;
  created: number | null;
  ingested: number | null;
}

export interface OsqueryRaw {
  name: string;
  action: string;
  counter: number;
  epoch: number;
  hostIdentifier: string;
  columns: Record<string, string>;
  decorations: Record<string, string>;
}

export interface EnrichedEvent {
  id: string;
  timestamp: number;
  event: EventFields;
  host?: Host | null;
  agent?: Agent | null;
  process?: ProcessFields | null;
  user?: UserFields | null;
  file?: FileFields | null;
  source?: Endpoint | null;
  destination?: Endpoint | null;
  network?: NetworkFields | null;
  threat?: { indicators: ThreatIndicator[] } | null;
  tags?: string[] | null;
  enrichment?: { missing: string[] } | null;
  osquery?: OsqueryRaw | null;
  related?: { ip?: string[] | null; user?: string[] | null; hash?: string[] | null } | null;
}

/** The joins the enricher performs; the names appear in `enrichment.missing`. */
export type JoinName = 'host' | 'hash' | 'user' | 'parent' | 'process';
export const JOIN_NAMES: readonly JoinName[] = ['host', 'hash', 'user', 'parent', 'process'];
