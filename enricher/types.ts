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

export interface HostOs {
  name?: string | null;
  version?: string | null;
  family?: string | null;
  platform?: string | null;
  kernel?: string | null;
  codename?: string | null;
}

export interface Host {
  id?: string | null;
  hostname?: string | null;
  name?: string | null;
  ip?: string[] | null;
  mac?: string[] | null;
  architecture?: string | null;
  os?: HostOs | null;
}

export interface Agent {
  id?: string | null;
  version?: string | null;
  type?: string | null;
}

export interface HostMetadata {
  hostIdentifier: string;
  updated: number;
  host: Host;
  agent: Agent;
  tags: string[];
}

export interface Hash {
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
}

export interface ProcessFields {
  pid?: number | null;
  ppid?: number | null;
  entity_id?: string | null;
  name?: string | null;
  executable?: string | null;
  command_line?: string | null;
  args?: string[] | null;
  working_directory?: string | null;
  start?: number | null;
  user?: { id?: string | null; name?: string | null } | null;
  parent?: { pid?: number | null; name?: string | null; executable?: string | null; command_line?: string | null } | null;
  hash?: Hash | null;
}

export interface UserFields {
  id?: string | null;
  name?: string | null;
  group?: { id?: string | null; name?: string | null } | null;
}

export interface FileFields {
  path?: string | null;
  name?: string | null;
  directory?: string | null;
  extension?: string | null;
  size?: number | null;
  inode?: string | null;
  mode?: string | null;
  uid?: string | null;
  gid?: string | null;
  owner?: string | null;
  mtime?: number | null;
  hash?: Hash | null;
}

export interface Endpoint {
  ip?: string | null;
  port?: number | null;
  address?: string | null;
  domain?: string | null;
}

export interface NetworkFields {
  transport?: string | null;
  protocol?: string | null;
  community_id?: string | null;
  direction?: string | null;
  iana_number?: string | null;
  bytes?: number | null;
  packets?: number | null;
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
