/** Builders of enriched and network events for the correlator's tests and bench (shapes as docs/events.md). */
import { communityIdV1, protocolNumber } from '../../common/community-id.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput, ProcessInput } from '../../schemas/generated/shared.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';

export interface SocketRowSpec {
  host: HostInput;
  table?: 'process_open_sockets' | 'listening_ports' | 'socket_events';
  time: number;
  pid: number;
  transport?: string;
  localIp: string;
  localPort: number;
  remoteIp?: string;
  remotePort?: number;
  process?: ProcessInput;
  action?: 'added' | 'removed' | 'snapshot';
}

let counter = 0;

export function socketRow(spec: SocketRowSpec): EnrichedEventInput {
  const table = spec.table ?? 'process_open_sockets';
  return {
    id: `sock-${++counter}`,
    timestamp: spec.time,
    event: {
      kind: 'state',
      category: ['network'],
      type: ['connection'],
      action: spec.action ?? 'added',
      dataset: `osquery.${table}`,
    },
    host: spec.host,
    process: spec.process ?? { pid: spec.pid },
    // As the enricher maps them: listening_ports puts the local end in destination, other socket tables in source.
    source: table === 'listening_ports' ? null : { ip: spec.localIp, port: spec.localPort },
    destination:
      table === 'listening_ports'
        ? {
            ip: spec.localIp === '0.0.0.0' || spec.localIp === '::' ? null : spec.localIp,
            port: spec.localPort,
            address: spec.localIp,
          }
        : spec.remoteIp === undefined
          ? null
          : { ip: spec.remoteIp, port: spec.remotePort ?? 0 },
    network: { transport: spec.transport ?? 'tcp' },
    osquery: {
      name: table,
      action: spec.action ?? 'added',
      counter: 0,
      epoch: 0,
      hostIdentifier: spec.host.name ?? 'host',
      columns: { pid: String(spec.pid) },
      decorations: {},
    },
  };
}

export interface ProcessSpec {
  host: HostInput;
  time: number;
  process: ProcessInput;
  user?: { id: string; name: string };
  dataset?: string;
}

export function processEvent(spec: ProcessSpec): EnrichedEventInput {
  return {
    id: `proc-${++counter}`,
    timestamp: spec.time,
    event: {
      kind: 'event',
      category: ['process'],
      type: ['start'],
      action: 'exec',
      dataset: spec.dataset ?? 'osquery.process_events',
    },
    host: spec.host,
    process: spec.process,
    user: spec.user ? { id: spec.user.id, name: spec.user.name } : null,
  };
}

export interface FlowSpec {
  time: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport?: string;
  sensor?: 'zeek' | 'suricata';
  alert?: { signature: string; signature_id: number; severity: number; category?: string };
  domain?: string;
  bytes?: number;
}

export function flowEvent(spec: FlowSpec): NetworkEventInput {
  const transport = spec.transport ?? 'tcp';
  const sensor = spec.sensor ?? 'zeek';
  const dataset = spec.alert ? 'suricata.alert' : sensor === 'zeek' ? 'zeek.conn' : 'suricata.flow';
  return {
    id: `flow-${++counter}`,
    timestamp: spec.time,
    observer: { type: spec.alert ? 'suricata' : sensor, name: 'sensor-1' },
    event: {
      kind: spec.alert ? 'alert' : 'event',
      category: spec.alert ? ['network', 'intrusion_detection'] : ['network'],
      type: ['connection'],
      dataset,
    },
    source: { ip: spec.srcIp, port: spec.srcPort, bytes: spec.bytes ?? null },
    destination: { ip: spec.dstIp, port: spec.dstPort },
    network: {
      transport,
      community_id: communityIdV1({
        srcIp: spec.srcIp,
        dstIp: spec.dstIp,
        srcPort: spec.srcPort,
        dstPort: spec.dstPort,
        proto: protocolNumber(transport) ?? 6,
      }),
    },
    tls: spec.domain ? { server_name: spec.domain } : null,
    alert: spec.alert ? { ...spec.alert, action: 'allowed', category: spec.alert.category ?? 'Misc activity' } : null,
    raw: JSON.stringify(spec),
  };
}

export function host(name: string, ips: string[]): HostInput {
  return { id: `${name}-id`, name, hostname: name, ip: ips };
}
