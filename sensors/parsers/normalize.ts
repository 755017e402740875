/** Helpers shared by the Zeek and Suricata parsers: ids, Community IDs, numbers, and the line error. */
import * as crypto from 'node:crypto';
import { communityIdV1, protocolNumber } from '../../common/community-id.js';
import { OspreyError } from '../../common/errors.js';

/**
 * The ECS lists every record of a kind carries (`event.category`, `event.type`), made once and shared by all the
 * records: two arrays less per record, on records a replay holds for its whole sort window. Frozen, so a consumer
 * that tried to change one record's list in place would fail loudly rather than change every record's.
 */
function sharedList(...items: string[]): string[] {
  return Object.freeze(items) as string[];
}

export const ECS_LISTS = {
  network: sharedList('network'),
  networkIntrusion: sharedList('network', 'intrusion_detection'),
  connection: sharedList('connection'),
  connectionEnd: sharedList('connection', 'end'),
  info: sharedList('info'),
  protocol: sharedList('protocol'),
  protocolInfo: sharedList('protocol', 'info'),
  protocolAccess: sharedList('protocol', 'access'),
  allowed: sharedList('allowed'),
  denied: sharedList('denied'),
} as const;

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
  const fast = isoFieldsToMs(text);
  if (fast !== null) return fast;
  // Only a time ending in four offset digits (`…-0400`) needs the colon; `Z` and `+hh:mm` parse as they are.
  const normalized =
    isDigit(text.charCodeAt(text.length - 1)) && isDigit(text.charCodeAt(text.length - 3))
      ? text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
      : text;
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? ms : null;
}

const MS_PER_DAY = 86_400_000;

/**
 * The shape sensors write, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`, by arithmetic: no Date, no regex (a
 * parse per record). Fraction digits past milliseconds are dropped, as Date.parse drops them. Null for any other
 * shape or any field Date.parse might judge differently (days past the 28th, hour 24, leap seconds): Date.parse
 * decides those.
 */
export function isoFieldsToMs(s: string): number | null {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return null;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) {
      if (i - start < 3) ms = ms * 10 + (s.charCodeAt(i) - 48);
      i++;
    }
    if (i === start) return null;
    for (let k = i - start; k < 3; k++) ms *= 10;
  }
  const offset = offsetMinutes(s, i);
  if (offset === null) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000 + ms;
}

/** `Z`, `±HH:MM` or `±HHMM` from `i` to the end, in minutes east of UTC; null for anything else. */
function offsetMinutes(s: string, i: number): number | null {
  const sign = s.charCodeAt(i);
  if (sign === 90) return i === s.length - 1 ? 0 : null;
  if (sign !== 43 && sign !== 45) return null;
  const hours = digitsAt(s, i + 1, 2);
  let minutes: number;
  if (s.length === i + 6 && s.charCodeAt(i + 3) === 58) minutes = digitsAt(s, i + 4, 2);
  else if (s.length === i + 5) minutes = digitsAt(s, i + 3, 2);
  else return null;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
  return (sign === 43 ? 1 : -1) * (hours * 60 + minutes);
}

/** The decimal number in `count` characters from `at`, or -1 when one is not a digit. */
function digitsAt(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = s.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
