/**
 * Socket facts from enriched endpoint events: process_open_sockets and listening_ports snapshots, and
 * socket_events (connect/bind/accept). The enricher puts the local end in `source` and the remote end in
 * `destination`; the raw osquery columns are the fallback when it did not.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { canonicalIp } from './ip.js';

export interface SocketObservation {
  readonly hostKey: string;
  readonly transport: string;
  readonly localIp: string;
  readonly localPort: number;
  /** Empty for listeners and unconnected UDP sockets. */
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly listening: boolean;
  readonly pid: number | null;
  /** osquery `removed` rows: the socket is gone as of this time. */
  readonly closed: boolean;
  /**
   * A differential `added` row (or a socket event): the socket stays open until a `removed` row says otherwise, so
   * it matches flows after it was last seen. Snapshot rows are refreshed by the next snapshot instead.
   */
  readonly openEnded: boolean;
  readonly time: number;
}

/** The table an enriched event came from: `osquery.<table>` dataset, or the osquery query name. */
export function tableOf(event: EnrichedEventInput): string {
  const dataset = event.event.dataset;
  return dataset.startsWith('osquery.') ? dataset.slice('osquery.'.length) : dataset;
}

/**
 * The socket tables, compared as strings: the table is a fresh slice of each event's dataset, and a Set lookup
 * would hash it every time; comparing to three literals mostly stops at the length.
 */
export function isSocketTable(table: string): boolean {
  return table === 'process_open_sockets' || table === 'listening_ports' || table === 'socket_events';
}

/** A host's join key: the host id, else its name, else the osquery host identifier. */
export function hostKeyOf(event: Pick<EnrichedEventInput, 'host' | 'osquery'>): string | null {
  return event.host?.id ?? event.host?.name ?? event.host?.hostname ?? event.osquery?.hostIdentifier ?? null;
}

export function transportName(protocol: string | number | null | undefined): string | null {
  if (protocol === null || protocol === undefined || protocol === '') return null;
  const text = String(protocol).toLowerCase();
  if (text === '6' || text === 'tcp') return 'tcp';
  if (text === '17' || text === 'udp') return 'udp';
  if (text === '132' || text === 'sctp') return 'sctp';
  return text;
}

/** hostKey and table may be passed in by a caller that has them already (the attributor, once per event). */
export function socketObservation(
  event: EnrichedEventInput,
  hostKey: string | null = hostKeyOf(event),
  table: string = tableOf(event),
): SocketObservation | null {
  if (hostKey === null) return null;
  const columns = event.osquery?.columns ?? NO_COLUMNS;
  const transport = portTransport(transportName(event.network?.transport ?? columns.protocol));
  if (transport === null) return null;
  const localPort = localPortOf(event, table, columns);
  if (localPort === null || localPort === 0) return null;
  const listening = table === 'listening_ports' || (table === 'socket_events' && columns.action === 'bind');
  const remoteIp = listening ? '' : (event.destination?.ip ?? columns.remote_address ?? '');
  const remotePort = listening ? 0 : (numberOf(event.destination?.port ?? columns.remote_port) ?? 0);
  return {
    hostKey,
    transport,
    localIp: canonicalIp(localIpOf(event, table, columns)),
    localPort,
    remoteIp: isUnspecified(remoteIp) ? '' : canonicalIp(remoteIp),
    remotePort,
    listening: listening || (remotePort === 0 && isUnspecified(remoteIp)),
    pid: numberOf(event.process?.pid ?? columns.pid),
    closed: event.osquery?.action === 'removed',
    openEnded: event.osquery?.action !== 'removed' && event.osquery?.action !== 'snapshot',
    time: event.timestamp,
  };
}

const IP_TRANSPORTS = new Set(['tcp', 'udp', 'sctp']);

/** A transport whose flows have ports (tcp, udp, sctp), or null. */
export function portTransport(transport: string | null): string | null {
  return transport !== null && IP_TRANSPORTS.has(transport) ? transport : null;
}

/** What a row without osquery columns reads them as: one shared empty record, not one per row. */
export const NO_COLUMNS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The socket's own end. The enricher maps it to `source`, except for listening_ports, where the local address is
 * the one clients connect to and so sits in `destination` (ip null for a wildcard, the text in `address`).
 */
function localEndOf(event: EnrichedEventInput, table: string): EnrichedEventInput['source'] {
  return table === 'listening_ports' ? event.destination : event.source;
}

/** The socket's own port (0 or null when the row does not name one: an audit connect). */
export function localPortOf(event: EnrichedEventInput, table: string, columns: Record<string, string>): number | null {
  const end = localEndOf(event, table);
  return numberOf(end?.port ?? (table === 'listening_ports' ? columns.port : columns.local_port));
}

function localIpOf(event: EnrichedEventInput, table: string, columns: Record<string, string>): string {
  const end = localEndOf(event, table);
  const ip =
    end?.ip ?? end?.address ?? (table === 'listening_ports' ? columns.address : columns.local_address) ?? '0.0.0.0';
  return ip === '' ? '0.0.0.0' : ip;
}

export function isUnspecified(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '0';
}

export function numberOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
