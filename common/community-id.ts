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

function communityIdDigest(f: CommunityIdInput, encoding: 'base64' | 'hex'): string {
  let src = addressBytes(f.srcIp);
  let dst = addressBytes(f.dstIp);
  if (src.length !== dst.length) {
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
  if (!oneWay && !isOrdered(src, dst, sport, dport)) {
    [src, dst] = [dst, src];
    [sport, dport] = [dport, sport];
  }
  const hasPorts = PORTED_PROTOCOLS.has(f.proto);
  const buf = Buffer.alloc(2 + src.length * 2 + 2 + (hasPorts ? 4 : 0));
  let at = buf.writeUInt16BE((f.seed ?? 0) & 0xffff, 0);
  at += src.copy(buf, at);
  at += dst.copy(buf, at);
  at = buf.writeUInt8(f.proto & 0xff, at);
  at = buf.writeUInt8(0, at);
  if (hasPorts) {
    at = buf.writeUInt16BE(sport & 0xffff, at);
    buf.writeUInt16BE(dport & 0xffff, at);
  }
  return oneShotHash ? oneShotHash('sha1', buf, encoding) : crypto.createHash('sha1').update(buf).digest(encoding);
}

function isOrdered(src: Buffer, dst: Buffer, sport: number, dport: number): boolean {
  const cmp = Buffer.compare(src, dst);
  return cmp < 0 || (cmp === 0 && sport <= dport);
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
  const zoneless = ip.split('%')[0] ?? ip;
  let groups: string[];
  const tail: number[] = [];
  let text = zoneless;
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    tail.push(...maybeV4.split('.').map(Number));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  if (rest === undefined) groups = headGroups;
  else {
    const restGroups = rest === '' ? [] : rest.split(':');
    groups = [...headGroups, ...new Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  }
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(parseInt(g, 16), i * 2));
  if (tail.length === 4) tail.forEach((b, i) => buf.writeUInt8(b, 12 + i));
  return buf;
}
