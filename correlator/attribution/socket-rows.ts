/**
 * Socket facts from enriched endpoint events: process_open_sockets and listening_ports snapshots, and
 * socket_events (connect/bind/accept). The enricher puts the local end in `source` and the remote end in
 * `destination`; the raw osquery columns are the fallback when it did not.
 */
import type { EnrichedEvent } from '../types.js';
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
  readonly time: number;
}

const SOCKET_TABLES = new Set(['process_open_sockets', 'listening_ports', 'socket_events']);

/** The table an enriched event came from: `osquery.<table>` dataset, or the osquery query name. */
export function tableOf(event: EnrichedEvent): string {
  const dataset = event.event.dataset;
  return dataset.startsWith('osquery.') ? dataset.slice('osquery.'.length) : dataset;
}

export function isSocketEvent(event: EnrichedEvent): boolean {
  return SOCKET_TABLES.has(tableOf(event));
}

/** A host's join key: the host id, else its name, else the osquery host identifier. */
export function hostKeyOf(event: Pick<EnrichedEvent, 'host' | 'osquery'>): string | null {
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

export function socketObservation(event: EnrichedEvent): SocketObservation | null {
  const hostKey = hostKeyOf(event);
  if (hostKey === null) return null;
  const table = tableOf(event);
  const columns = event.osquery?.columns ?? {};
  const transport = transportName(event.network?.transport ?? columns.protocol);
  const listening = table === 'listening_ports' || (table === 'socket_events' && columns.action === 'bind');
  const localIp = event.source?.ip ?? columns.local_address ?? columns.address;
  const localPort = numberOf(event.source?.port ?? columns.local_port ?? columns.port);
  if (transport === null || localIp === undefined || localIp === null || localPort === null) return null;
  const remoteIp = listening ? '' : (event.destination?.ip ?? columns.remote_address ?? '');
  const remotePort = listening ? 0 : (numberOf(event.destination?.port ?? columns.remote_port) ?? 0);
  return {
    hostKey,
    transport,
    localIp: canonicalIp(localIp),
    localPort,
    remoteIp: remoteIp === '' ? '' : canonicalIp(remoteIp),
    remotePort,
    listening: listening || (remotePort === 0 && isUnspecified(remoteIp)),
    pid: numberOf(event.process?.pid ?? columns.pid),
    closed: event.osquery?.action === 'removed',
    time: event.timestamp,
  };
}

function isUnspecified(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '0';
}

function numberOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
