/** Helpers shared by the Zeek and Suricata parsers: ids, Community IDs, numbers, and the line error. */
import * as crypto from 'node:crypto';
import { communityIdV1, protocolNumber } from '../../common/community-id.js';
import { OspreyError } from '../../common/errors.js';

/** Where a record came from, for error messages and offsets. */
export interface RecordSource {
  readonly file: string;
  readonly line: number;
}

/** A broken line: names the file and line; the caller counts it and moves on. */
export function lineError(at: RecordSource, reason: string, cause?: unknown): OspreyError {
  return new OspreyError('DECODE_ERROR', `${at.file}:${at.line}: ${reason}`, {
    retriable: false,
    cause,
    context: { file: at.file, line: at.line },
  });
}

/**
 * One-shot sha256 (Node ≥ 20.12): no Hash object per record. Looked up rather than imported so older Node 20s,
 * which lack it, fall back to createHash.
 */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** docs/events.md: id = sha256 hex of the sensor type and the raw record. */
export function networkEventId(sensorType: string, raw: string): string {
  // The same UTF-8 bytes as updating with the three parts in turn, so ids do not change.
  if (oneShotHash) return oneShotHash('sha256', `${sensorType}\n${raw}`, 'hex');
  return crypto.createHash('sha256').update(sensorType).update('\n').update(raw).digest('hex');
}

/** The Community ID of a 5-tuple, or null when the protocol or an address is unknown (then nothing is claimed). */
export function flowCommunityId(
  transport: string | null,
  srcIp: string | null,
  dstIp: string | null,
  srcPort: number | null,
  dstPort: number | null,
): string | null {
  if (!transport || !srcIp || !dstIp) return null;
  const proto = protocolNumber(transport);
  if (proto === undefined) return null;
  try {
    return communityIdV1({ srcIp, dstIp, srcPort: srcPort ?? 0, dstPort: dstPort ?? 0, proto });
  } catch {
    return null;
  }
}

/** ECS network.transport spelling: lower case, `ipv6-icmp` for ICMPv6 as Elastic's integrations write it. */
export function ecsTransport(proto: string | null | undefined): string | null {
  if (!proto) return null;
  const lower = proto.toLowerCase();
  return lower === 'icmp6' || lower === 'icmpv6' ? 'ipv6-icmp' : lower;
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '' || value === '-') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function toInteger(value: unknown): number | null {
  const n = toNumber(value);
  return n === null ? null : Math.trunc(n);
}

export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/** Seconds (Zeek `interval`) to nanoseconds (ECS event.duration). */
export function secondsToNs(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1e9);
}

/** Parses an ISO-8601 time with a `+hhmm` or `+hh:mm` offset (Suricata writes `-0400`) to epoch ms. */
export function isoToMs(text: string): number | null {
  // Only a time ending in four offset digits (`…-0400`) needs the colon; `Z` and `+hh:mm` parse as they are.
  const normalized =
    isDigit(text.charCodeAt(text.length - 1)) && isDigit(text.charCodeAt(text.length - 3))
      ? text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
      : text;
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? ms : null;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
