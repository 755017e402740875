/**
 * Suricata EVE JSON (flow, alert, dns v1/v2, tls, http; other event types with a 5-tuple keep the generic
 * fields) normalized to network_event. `stats` and other records without addresses are not network events.
 */
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import {
  ECS_LISTS,
  ecsTransport,
  flowCommunityId,
  isoToMs,
  lineError,
  networkEventId,
  sumOrNull,
  toInteger,
  toText,
  type RecordSource,
} from './normalize.js';

type Eve = Record<string, unknown>;

function object(value: unknown): Eve | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Eve) : null;
}

/** The observer of the last sensor named: every record of a file names the same one, so they share it. */
let observer: NetworkEventInput['observer'] = { type: 'suricata', name: '' };

function observerOf(sensorName: string): NetworkEventInput['observer'] {
  if (observer.name !== sensorName) observer = { type: 'suricata', name: sensorName };
  return observer;
}

/** event.dataset per EVE event type, written once: a log has a handful of types (bounded: input names them). */
const DATASETS = new Map<string, string>();
const MAX_DATASETS = 256;

function datasetOf(eventType: string): string {
  let dataset = DATASETS.get(eventType);
  if (dataset === undefined) {
    dataset = `suricata.${eventType}`;
    if (DATASETS.size < MAX_DATASETS) DATASETS.set(eventType, dataset);
  }
  return dataset;
}

/** Parses one EVE line; null for records that are not network events (stats). Throws lineError. */
export function parseEveLine(sensorName: string, line: string, at: RecordSource): NetworkEventInput | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    throw lineError(at, `not valid JSON (${(err as Error).message})`, err);
  }
  const eve = object(parsed);
  if (!eve) throw lineError(at, 'not a JSON object');
  const eventType = toText(eve.event_type);
  if (eventType === null) throw lineError(at, 'missing event_type');
  if (eve.src_ip === undefined || eve.dest_ip === undefined) return null;
  const timestamp = typeof eve.timestamp === 'string' ? isoToMs(eve.timestamp) : null;
  if (timestamp === null) throw lineError(at, `bad or missing timestamp "${String(eve.timestamp)}"`);
  return normalizeEve(sensorName, eventType, eve, trimmed, timestamp);
}

function normalizeEve(
  sensorName: string,
  eventType: string,
  eve: Eve,
  raw: string,
  timestamp: number,
): NetworkEventInput {
  const transport = ecsTransport(toText(eve.proto));
  const srcIp = toText(eve.src_ip);
  const dstIp = toText(eve.dest_ip);
  const isIcmp = transport === 'icmp' || transport === 'ipv6-icmp';
  // EVE gives ICMP type/code in their own fields; Community ID uses them as the ports.
  const srcPort = isIcmp ? toInteger(eve.icmp_type) : toInteger(eve.src_port);
  const dstPort = isIcmp ? toInteger(eve.icmp_code) : toInteger(eve.dest_port);
  const flow = object(eve.flow);
  const toServerBytes = toInteger(flow?.bytes_toserver);
  const toClientBytes = toInteger(flow?.bytes_toclient);
  const toServerPkts = toInteger(flow?.pkts_toserver);
  const toClientPkts = toInteger(flow?.pkts_toclient);
  const event: NetworkEventInput = {
    id: networkEventId('suricata', raw),
    timestamp,
    observer: observerOf(sensorName),
    event: {
      kind: 'event',
      category: ECS_LISTS.network,
      type: ECS_LISTS.info,
      action: null,
      dataset: datasetOf(eventType),
      duration: null,
    },
    source: { ip: srcIp, port: isIcmp ? null : srcPort, bytes: toServerBytes, packets: toServerPkts },
    destination: { ip: dstIp, port: isIcmp ? null : dstPort, bytes: toClientBytes, packets: toClientPkts },
    network: {
      transport,
      protocol: toText(eve.app_proto) === 'failed' ? null : toText(eve.app_proto),
      community_id: flowCommunityId(transport, srcIp, dstIp, srcPort, dstPort) ?? toText(eve.community_id),
      bytes: sumOrNull(toServerBytes, toClientBytes),
      packets: sumOrNull(toServerPkts, toClientPkts),
    },
    // flow_id is a 64-bit integer: JSON.parse may have rounded it, so take its digits from the text.
    flow_id: /"flow_id"\s*:\s*(\d+)/.exec(raw)?.[1] ?? null,
    raw,
  };
  addAppLayer(event, eve);
  EVENT_TYPE_MAPPERS[eventType]?.(event, eve);
  return event;
}

/** App-layer objects ride along on alert and fileinfo records too. */
function addAppLayer(event: NetworkEventInput, eve: Eve): void {
  const tls = object(eve.tls);
  if (tls) event.tls = { server_name: toText(tls.sni) };
  const http = object(eve.http);
  if (http) {
    event.http = {
      method: toText(http.http_method),
      url: toText(http.url),
      host: toText(http.hostname),
      status_code: toInteger(http.status),
    };
  }
  const dns = object(eve.dns);
  if (dns) event.dns = dnsOf(dns);
}

function dnsOf(dns: Eve): NonNullable<NetworkEventInput['dns']> {
  const answers: string[] = [];
  if (Array.isArray(dns.answers)) {
    for (const a of dns.answers) {
      const rdata = toText(object(a)?.rdata);
      if (rdata !== null) answers.push(rdata);
    }
  } else if (dns.type === 'answer' && dns.rdata !== undefined) {
    const rdata = toText(dns.rdata);
    if (rdata !== null) answers.push(rdata);
  }
  return {
    question: { name: toText(dns.rrname), type: toText(dns.rrtype) },
    answers: dns.type === 'answer' ? answers : null,
    response_code: toText(dns.rcode),
  };
}

const EVENT_TYPE_MAPPERS: Record<string, (event: NetworkEventInput, eve: Eve) => void> = {
  alert(event, eve) {
    const alert = object(eve.alert);
    event.event.kind = 'alert';
    event.event.category = ECS_LISTS.networkIntrusion;
    event.event.type = alert?.action === 'blocked' ? ECS_LISTS.denied : ECS_LISTS.allowed;
    event.event.action = toText(alert?.signature);
    event.alert = {
      signature: toText(alert?.signature),
      signature_id: toInteger(alert?.signature_id),
      category: toText(alert?.category),
      severity: toInteger(alert?.severity),
      action: toText(alert?.action),
    };
  },
  flow(event, eve) {
    const flow = object(eve.flow);
    event.event.type = ECS_LISTS.connectionEnd;
    event.event.action = toText(flow?.state);
    const start = typeof flow?.start === 'string' ? isoToMs(flow.start) : null;
    const end = typeof flow?.end === 'string' ? isoToMs(flow.end) : null;
    if (start !== null && end !== null) event.event.duration = (end - start) * 1e6;
  },
  dns(event) {
    event.event.type = ECS_LISTS.protocolInfo;
    event.network = { ...event.network, protocol: 'dns' };
  },
  tls(event) {
    event.event.type = ECS_LISTS.protocol;
    event.network = { ...event.network, protocol: 'tls' };
  },
  http(event) {
    event.event.type = ECS_LISTS.protocolAccess;
    event.network = { ...event.network, protocol: 'http' };
  },
};
