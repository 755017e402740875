/**
 * listening_ports, as osquery's genListeningPorts (tables/networking/listening_ports.cpp): the rows of
 * process_open_sockets whose remote port is 0 (bound TCP/UDP sockets, listening or not) plus named UNIX sockets.
 * Anonymous UNIX sockets are skipped; UNIX rows have port 0 and socket 0, as in osquery.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { AF_INET, AF_INET6, AF_UNIX } from '../lib/proc-sockets.js';
import { collectOpenSockets } from './process_open_sockets.js';

export function* genListeningPorts(ctx: QueryContext): Iterable<Row> {
  for (const s of collectOpenSockets(ctx)) {
    if (s.family === AF_UNIX && s.path === '') continue;
    if ((s.family === AF_INET || s.family === AF_INET6) && s.remotePort !== 0) continue;
    const unix = s.family === AF_UNIX;
    yield {
      pid: s.pid,
      port: unix ? 0 : s.localPort,
      protocol: s.protocol,
      family: s.family,
      address: unix ? undefined : s.localAddress,
      fd: s.fd,
      socket: unix ? 0 : s.socket,
      path: unix ? s.path : undefined,
      net_namespace: String(s.netNamespace),
    };
  }
}
