/**
 * The IP end of an audit SOCKADDR record, decoded by the collector's own SOCKADDR decoder
 * (collector/events/publishers/socket-row.ts, the one the audit socket_events publisher uses). Replay makes socket
 * rows only for IP sockets, so other families (unix, netlink) give null.
 */
import { decodeSockaddr as decodeAnySockaddr } from '../../collector/events/publishers/socket-row.js';

export interface SocketAddress {
  /** 2 = AF_INET, 10 = AF_INET6, as osquery's `family` column. */
  readonly family: 2 | 10;
  readonly ip: string;
  readonly port: number;
}

export function decodeSockaddr(hex: string): SocketAddress | null {
  const decoded = decodeAnySockaddr(hex);
  if (decoded === null || decoded.address === '') return null;
  if (decoded.family !== 2 && decoded.family !== 10) return null;
  return { family: decoded.family, ip: decoded.address, port: decoded.port };
}
