/**
 * The shape of one table's ECS mapping: which ECS event category it belongs to, which event.type each osquery
 * action means for it, and a function that moves the row's columns into ECS fields. Mappings are data plus one
 * small function each, so a new table is one entry in registry.ts.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { RowAction } from '../../schemas/generated/result_event.js';
import type { Row } from './row.js';

export type { RowAction };

export interface TableMapping {
  readonly table: string;
  readonly category: readonly string[];
  /** Evented tables (process_events, …): every row is something that happened, never a state change. */
  readonly evented?: boolean;
  /**
   * Columns that identify the table when the query name does not: a row carrying all of them is taken for this
   * table (the mapping with the most matching signature columns wins).
   */
  readonly signature: readonly string[];
  /** ECS event.type for the row. */
  types(action: RowAction, row: Row): string[];
  /** ECS event.action; defaults to the osquery action (as Elastic's osquery pipeline does). */
  action?(action: RowAction, row: Row): string | null;
  /** Moves columns into ECS fields of `doc` (which already holds id, timestamp, event and osquery). */
  map(row: Row, doc: EnrichedEventInput): void;
}

/**
 * event.type for state tables: a row that appears is a start / creation, one that disappears an end / deletion, a
 * snapshot row is information. `extra` types (e.g. `connection`, `user`) are kept on every action.
 */
export function lifecycle(added: string, removed: string, extra: readonly string[] = []): TableMapping['types'] {
  const byAction: Record<RowAction, string[]> = {
    added: [...extra, added],
    removed: [...extra, removed],
    snapshot: [...extra, 'info'],
  };
  return (action) => [...byAction[action]];
}

/** IANA protocol numbers osquery reports in `protocol`, as ECS network.transport. */
const TRANSPORTS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
  '132': 'sctp',
};

export function transportOf(protocol: string | undefined): string | null {
  return protocol === undefined ? null : (TRANSPORTS[protocol] ?? null);
}

/** Addresses osquery reports for "no address" (unconnected, wildcard on the remote side). */
export function isUnsetAddress(address: string | null): boolean {
  return address === null || address === '' || address === '0.0.0.0' || address === '::' || address === '0';
}
