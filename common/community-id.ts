/**
 * Community ID v1 (corelight/community-id-spec): a hash of a flow's 5-tuple that Zeek, Suricata and Elastic agree
 * on, so an endpoint socket and a sensor record of the same connection share one `network.community_id`.
 *
 *   "1:" + base64(SHA1(seed[2B BE] · saddr · daddr · proto[1B] · 0x00 · sport[2B BE] · dport[2B BE]))
 *
 * Endpoints are ordered so both directions hash the same, except ICMP messages with no request/reply counterpart,
 * which are one-way. Port-less protocols hash without the ports.
 */
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { OspreyError } from './errors.js';

export interface CommunityIdInput {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** IANA protocol number: 1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6, 132 SCTP, … */
  proto: number;
  seed?: number;
}

export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMP6: 58, SCTP: 132 } as const;

const PORTED_PROTOCOLS: ReadonlySet<number> = new Set([
  IPPROTO.ICMP,
  IPPROTO.TCP,
  IPPROTO.UDP,
  IPPROTO.ICMP6,
  IPPROTO.SCTP,
]);

/** ICMP type → the type of its reply/request counterpart (spec §"ICMP"). */
const ICMP4_COUNTERPART: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [10, 9],
  [9, 10],
  [17, 18],
  [18, 17],
]);
const ICMP6_COUNTERPART: ReadonlyMap<number, number> = new Map([
  [128, 129],
  [129, 128],
  [133, 134],
  [134, 133],
  [135, 136],
  [136, 135],
  [130, 131],
  [131, 130],
  [139, 140],
  [140, 139],
  [144, 145],
  [145, 144],
]);

/** Community ID v1 of a flow, `1:<base64 sha1>`. Throws a DECODE_ERROR naming the address when one does not parse. */
export function communityIdV1(f: CommunityIdInput): string {
  return `1:${communityIdDigest(f, 'base64')}`;
}

/** The same hash as hex (the spec's `do_base64 = F` form). */
export function communityIdV1Hex(f: CommunityIdInput): string {
  return `1:${communityIdDigest(f, 'hex')}`;
}

/** Protocol names as Zeek and Suricata write them → IANA numbers; undefined for names we do not know. */
export function protocolNumber(name: string): number | undefined {
  switch (name.toLowerCase()) {
    case 'icmp':
      return IPPROTO.ICMP;
    case 'tcp':
      return IPPROTO.TCP;
    case 'udp':
      return IPPROTO.UDP;
    case 'ipv6-icmp':
    case 'icmp6':
    case 'icmpv6':
      return IPPROTO.ICMP6;
    case 'sctp':
      return IPPROTO.SCTP;
    default: {
      const n = Number(name);
      return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
    }
  }
}

/** One-shot hashing (Node ≥ 20.12; sensor parsers hash every record): no Hash object per flow. createHash before. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'base64' | 'hex') => string }).hash;

// Scratch space for one digest at a time (hashing is synchronous): sensor parsers hash every record, and a Buffer
// per address plus one per message was most of this function's garbage.
const SRC = Buffer.alloc(16);
const DST = Buffer.alloc(16);
const MESSAGE = Buffer.alloc(2 + 16 + 16 + 2 + 4);

/** Views of MESSAGE by length (12 to 40 bytes), made once: no view per flow. */
const MESSAGE_VIEWS = new Map<number, Buffer>();

function messageView(length: number): Buffer {
  let view = MESSAGE_VIEWS.get(length);
  if (view === undefined) MESSAGE_VIEWS.set(length, (view = MESSAGE.subarray(0, length)));
  return view;
}

function communityIdDigest(f: CommunityIdInput, encoding: 'base64' | 'hex'): string {
  const width = writeAddress(f.srcIp, SRC);
  if (writeAddress(f.dstIp, DST) !== width) {
    throw new OspreyError('DECODE_ERROR', `Community ID needs two addresses of one family: ${f.srcIp}, ${f.dstIp}.`);
  }
  let sport = f.srcPort;
  let dport = f.dstPort;
  let oneWay = false;
  if (f.proto === IPPROTO.ICMP || f.proto === IPPROTO.ICMP6) {
    // For ICMP the "ports" are (type, code); a request/reply pair maps to (type, counterpart type).
    const table = f.proto === IPPROTO.ICMP ? ICMP4_COUNTERPART : ICMP6_COUNTERPART;
    const counterpart = table.get(sport);
    if (counterpart === undefined) oneWay = true;
    else dport = counterpart;
  }
  let first = SRC;
  let second = DST;
  const order = compareAddresses(width);
  if (!oneWay && !(order < 0 || (order === 0 && sport <= dport))) {
    [first, second] = [DST, SRC];
    [sport, dport] = [dport, sport];
  }
  const hasPorts = PORTED_PROTOCOLS.has(f.proto);
  const seed = (f.seed ?? 0) & 0xffff;
  MESSAGE[0] = seed >> 8;
  MESSAGE[1] = seed & 0xff;
  // At most 16 bytes each: a loop, not Buffer#copy (its argument checks cost more than the copy).
  for (let i = 0; i < width; i++) {
    MESSAGE[2 + i] = first[i] as number;
    MESSAGE[2 + width + i] = second[i] as number;
  }
  let at = 2 + width * 2;
  MESSAGE[at++] = f.proto & 0xff;
  MESSAGE[at++] = 0;
  if (hasPorts) {
    MESSAGE[at++] = (sport >> 8) & 0xff;
    MESSAGE[at++] = sport & 0xff;
    MESSAGE[at++] = (dport >> 8) & 0xff;
    MESSAGE[at++] = dport & 0xff;
  }
  const message = messageView(at);
  return oneShotHash
    ? oneShotHash('sha1', message, encoding)
    : crypto.createHash('sha1').update(message).digest(encoding);
}

/** SRC against DST, byte by byte in network order (what Buffer.compare answers, without the views). */
function compareAddresses(width: number): number {
  for (let i = 0; i < width; i++) {
    const d = (SRC[i] as number) - (DST[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** Writes an address's network-order bytes into `into`; returns how many (4 or 16). */
function writeAddress(ip: string, into: Buffer): number {
  const family = isIP(ip);
  if (family === 4) {
    // isIP has checked four decimal octets 0–255: read them digit by digit, no strings or arrays in between.
    let octet = 0;
    let k = 0;
    for (let i = 0; i < ip.length; i++) {
      const c = ip.charCodeAt(i);
      if (c === 0x2e) {
        into[k++] = octet;
        octet = 0;
      } else octet = octet * 10 + (c - 0x30);
    }
    into[k] = octet;
    return 4;
  }
  if (family === 6) return writeIpv6(ip, into);
  throw new OspreyError('DECODE_ERROR', `Not an IP address: "${ip}".`);
}

/** Network-order bytes of an IPv4 or IPv6 address (IPv4-mapped IPv6 stays 16 bytes, as the spec hashes it). */
export function addressBytes(ip: string): Buffer {
  const family = isIP(ip);
  if (family === 4) {
    // isIP has checked four decimal octets 0–255; written straight into a pooled buffer, no array in between.
    const octets = ip.split('.');
    const bytes = Buffer.allocUnsafe(4);
    for (let i = 0; i < 4; i++) bytes[i] = Number(octets[i]);
    return bytes;
  }
  if (family === 6) return ipv6Bytes(ip);
  throw new OspreyError('DECODE_ERROR', `Not an IP address: "${ip}".`);
}

function ipv6Bytes(ip: string): Buffer {
  const bytes = Buffer.alloc(16);
  writeIpv6(ip, bytes);
  return bytes;
}

/** The groups of one address being read (at most 8; an IPv4 tail counts as two). */
const GROUPS = new Uint16Array(8);

/**
 * Writes an IPv6 address (isIP has checked it) into `into` as 16 network-order bytes, reading it character by
 * character: no split strings or arrays per address. A zone (`%eth0`) is ignored; `::` is the run of zero groups.
 */
function writeIpv6(ip: string, into: Buffer): number {
  const zone = ip.indexOf('%');
  const end = zone < 0 ? ip.length : zone;
  let count = 0;
  let gap = -1; // groups read before the `::`
  let value = 0;
  let digits = 0;
  let groupStart = 0;
  for (let i = 0; i < end; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x3a) {
      if (digits > 0) GROUPS[count++] = value;
      value = 0;
      digits = 0;
      if (ip.charCodeAt(i + 1) === 0x3a && i + 1 < end) {
        gap = count;
        i++;
      }
      groupStart = i + 1;
    } else if (c === 0x2e) {
      count = writeIpv4Tail(ip, groupStart, end, count);
      digits = 0;
      break;
    } else {
      value = value * 16 + hexValue(c);
      digits++;
    }
  }
  if (digits > 0) GROUPS[count++] = value;
  const zeros = gap < 0 ? 0 : 8 - count;
  for (let g = 0, k = 0; g < 8; g++) {
    const group = gap >= 0 && g >= gap && g < gap + zeros ? 0 : (GROUPS[k++] as number);
    into[g * 2] = group >> 8;
    into[g * 2 + 1] = group & 0xff;
  }
  return 16;
}

/** A dotted IPv4 tail (`::ffff:1.2.3.4`) as two groups after `count`; returns the new count. */
function writeIpv4Tail(ip: string, from: number, end: number, count: number): number {
  const octets = [0, 0, 0, 0];
  let k = 0;
  for (let i = from; i < end; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) k++;
    else octets[k] = (octets[k] as number) * 10 + (c - 0x30);
  }
  GROUPS[count] = ((octets[0] as number) << 8) | (octets[1] as number);
  GROUPS[count + 1] = ((octets[2] as number) << 8) | (octets[3] as number);
  return count + 2;
}

function hexValue(c: number): number {
  if (c <= 0x39) return c - 0x30;
  return (c | 0x20) - 0x61 + 10;
}
