/**
 * Test-only: a fixed, seeded stream of endpoint events, host metadata and flows that exercises every attribution
 * path (5-tuples, listeners, remote-only connects, ambiguous callers, IPv6 spellings, closed and snapshot rows,
 * hosts without addresses, unknown flows). attributed-documents.test.ts pins what the stage makes of it.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput, ProcessInput } from '../../schemas/generated/shared.js';
import type { CorrelatorInput } from '../stage.js';
import { flowEvent, host, processEvent, socketRow } from '../testing/events.js';

export const GOLDEN_T0 = 1_700_000_000_000;

const HOSTS: HostInput[] = [
  host('web-1', ['10.0.0.5']),
  host('web-2', ['10.0.0.6', '192.168.1.6']),
  host('db-1', ['10.0.0.9']),
  host('v6-1', ['fd00:0:0:0:0:0:0:4']),
  { id: null, name: 'audit-host', hostname: null, ip: null },
];
/** How a sensor may spell each host's address (mapped IPv4, uncompressed IPv6). */
const SPELLINGS = [
  ['10.0.0.5', '::ffff:10.0.0.5'],
  ['10.0.0.6', '192.168.1.6'],
  ['10.0.0.9'],
  ['fd00::4', 'FD00:0:0::4'],
];
/** Remote ends by family (community IDs need both ends in one); the v6 ones in two spellings. */
const REMOTES_V4 = ['93.184.216.34', '1.1.1.1', '8.8.8.8', '10.0.0.9'];
const REMOTES_V6 = ['2606:4700::1111', '2606:4700:0:0:0:0:0:1111', '::ffff:8.8.8.8'];
const EXES = ['/usr/bin/curl', '/usr/bin/python3', '/usr/sbin/nginx', null];

/** mulberry32: a small seeded generator, so the stream is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

/** The seeded draws, in one place so every helper takes them in the same order. */
interface Dice {
  readonly rnd: () => number;
  readonly pick: Pick;
}

/** One step's endpoint: a host, one of its address spellings, a process and a socket. */
interface Step {
  readonly time: number;
  readonly host: HostInput;
  readonly localIp: string;
  readonly pid: number;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly transport: string;
}

export function goldenStream(steps: number): CorrelatorInput[] {
  const rnd = seeded(19);
  const dice: Dice = { rnd, pick: (items) => items[Math.floor(rnd() * items.length)] as (typeof items)[number] };
  const out: CorrelatorInput[] = [];
  for (let i = 0; i < steps; i++) {
    const step = stepAt(i, dice);
    const kind = Math.floor(rnd() * 8);
    const input = kind === 5 && i % 7 === 0 ? hostMetadata(step.host) : endpointInput(kind, step, dice);
    out.push(input ?? flowInput(step, dice));
  }
  return out;
}

function stepAt(i: number, { rnd, pick }: Dice): Step {
  // Mostly forward in time, sometimes a little back (late rows), so the watermark logic is exercised.
  const time = GOLDEN_T0 + i * 50 - Math.floor(rnd() * 400);
  const h = Math.floor(rnd() * HOSTS.length);
  const host = HOSTS[h] as HostInput;
  const localIp = pick(SPELLINGS[h] ?? ['10.0.0.77']);
  const pid = 100 + Math.floor(rnd() * 6);
  const localPort = 40_000 + Math.floor(rnd() * 8);
  const remoteIp = pick(localIp.includes(':') ? REMOTES_V6 : REMOTES_V4);
  const remotePort = pick([443, 53, 8080]);
  const transport = pick(['tcp', 'tcp', 'udp']);
  return { time, host, localIp, pid, localPort, remoteIp, remotePort, transport };
}

function hostMetadata(host: HostInput): CorrelatorInput {
  return { schema: 'host_metadata', value: { hostIdentifier: host.name ?? 'x', host } };
}

/** Kinds 0-4 are endpoint events (process, socket rows, a listener, an audit connect); null for a flow. */
function endpointInput(kind: number, s: Step, { rnd, pick }: Dice): CorrelatorInput | null {
  const socket = { host: s.host, time: s.time, pid: s.pid, transport: s.transport, localIp: s.localIp };
  const connected = { ...socket, localPort: s.localPort, remoteIp: s.remoteIp, remotePort: s.remotePort };
  if (kind === 0)
    return endpoint(
      processEvent({
        host: s.host,
        time: s.time,
        process: processOf(s.pid, pick(EXES), rnd() < 0.5),
        ...userOf(rnd()),
      }),
    );
  if (kind === 1) return endpoint(socketRow({ ...connected, action: pick(['added', 'removed', 'snapshot'] as const) }));
  if (kind === 2) return endpoint(socketRow({ ...connected, process: processOf(s.pid, pick(EXES), true) }));
  if (kind === 3)
    return endpoint(
      socketRow({
        ...socket,
        table: 'listening_ports',
        localIp: pick([s.localIp, '0.0.0.0', '::']),
        localPort: pick([22, 8080, 5432]),
      }),
    );
  if (kind === 4) return endpoint(auditConnect(s, pick(EXES) ?? '/bin/sh'));
  return null;
}

function endpoint(value: EnrichedEventInput): CorrelatorInput {
  return { schema: 'enriched_event', value };
}

function processOf(pid: number, exe: string | null, hashed: boolean): ProcessInput {
  if (exe === null) return { pid, name: `p${pid}` };
  return {
    pid,
    name: exe.split('/').pop() ?? null,
    executable: exe,
    command_line: `${exe} -x`,
    hash: hashed ? { sha256: 'c'.repeat(64) } : null,
    user: pid % 2 === 0 ? { id: '0', name: 'root' } : null,
  };
}

function userOf(r: number): { user?: { id: string; name: string } } {
  return r < 0.6 ? { user: { id: '1000', name: 'alice' } } : {};
}

function flowInput(s: Step, { rnd, pick }: Dice): CorrelatorInput {
  const { time, localIp, localPort, remoteIp, remotePort, transport } = s;
  const shape = Math.floor(rnd() * 4);
  const ends =
    shape === 0
      ? { srcIp: localIp, srcPort: localPort, dstIp: remoteIp, dstPort: remotePort }
      : shape === 1
        ? { srcIp: remoteIp, srcPort: remotePort, dstIp: localIp, dstPort: localPort }
        : shape === 2
          ? { srcIp: remoteIp, srcPort: 51_000, dstIp: localIp, dstPort: pick([22, 8080, 5432]) }
          : {
              srcIp: pick([localIp, localIp.includes(':') ? '2001:db8::7' : '203.0.113.7']),
              srcPort: 50_000 + localPort,
              dstIp: remoteIp,
              dstPort: remotePort,
            };
  const alert = rnd() < 0.1 ? { signature: 'ET TEST', signature_id: 7, severity: 2 } : undefined;
  const domain = rnd() < 0.2 ? 'example.org' : undefined;
  return {
    schema: 'network_event',
    value: flowEvent({
      time,
      ...ends,
      transport,
      sensor: pick(['zeek', 'suricata'] as const),
      ...(alert ? { alert } : {}),
      ...(domain ? { domain } : {}),
      bytes: Math.floor(rnd() * 5000),
    }),
  };
}

/** A connect that names only the remote end, as the enricher maps an audit row. */
function auditConnect(s: Step, exe: string): EnrichedEventInput {
  const { host: h, time, pid, remoteIp, remotePort } = s;
  return {
    id: `connect-${pid}-${time}`,
    timestamp: time,
    event: { kind: 'event', category: ['network'], type: ['connection', 'start'], dataset: 'osquery.socket_events' },
    host: h,
    process: { pid, executable: exe, name: exe.split('/').pop() ?? null },
    destination: { ip: remoteIp, port: remotePort, address: remoteIp },
    network: null,
    osquery: {
      name: 'auditd_socket_events',
      action: 'added',
      counter: 0,
      epoch: 0,
      hostIdentifier: h.name ?? 'host',
      columns: {
        action: 'connect',
        pid: String(pid),
        protocol: '',
        local_port: '',
        remote_address: remoteIp,
        remote_port: String(remotePort),
      },
      decorations: {},
    },
  };
}
