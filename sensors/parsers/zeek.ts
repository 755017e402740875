/**
 * Zeek conn, dns, ssl and http logs, TSV (with `#fields` headers, `-` unset, `(empty)` sets, `\xNN` escapes) or
 * JSON (`id.orig_h` as Zeek writes it, nested `id: {orig_h}`, or OTRF's `id_orig_h`), normalized to network_event.
 * One parser per file: TSV headers are state.
 */
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import {
  ECS_LISTS,
  ecsTransport,
  flowCommunityId,
  isoToMs,
  lineError,
  networkEventId,
  secondsToNs,
  sumOrNull,
  toInteger,
  toNumber,
  toText,
  type RecordSource,
} from './normalize.js';

type ZeekRecord = Record<string, unknown>;

interface TsvHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | null;
  fields: string[] | null;
  types: string[] | null;
  /** How each field's text becomes a value, from `types`; built at the first record after the headers. */
  kinds: TsvKind[] | null;
}

/** A TSV field's conversion, decided once per header rather than per field of every record. */
const enum TsvKind {
  List,
  Bool,
  Number,
  Time,
  Text,
}

export interface ZeekParser {
  /** A network event, or null for header lines, blank lines and log kinds we do not normalize. Throws lineError. */
  parse(line: string, at: RecordSource): NetworkEventInput | null;
}

const SUPPORTED_PATHS = new Set(['conn', 'dns', 'ssl', 'http']);
/** event.dataset of each log kind, written once rather than composed per record. */
const DATASETS: Readonly<Record<string, string>> = Object.fromEntries(
  [...SUPPORTED_PATHS].map((p) => [p, `zeek.${p}`]),
);

/** `pathHint` is the log kind when the file does not say (JSON without `_path`): taken from the file name. */
export function createZeekParser(sensorName: string, pathHint: string | null): ZeekParser {
  const header: TsvHeader = {
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: pathHint,
    fields: null,
    types: null,
    kinds: null,
  };
  // One observer for every record of the file (they all name the same sensor): not an object per record.
  const observer: NetworkEventInput['observer'] = { type: 'zeek', name: sensorName };
  return {
    parse(line, at) {
      const trimmed = line.trim();
      if (trimmed === '') return null;
      if (trimmed.startsWith('#')) {
        readHeaderLine(header, trimmed);
        return null;
      }
      const isJson = trimmed.charCodeAt(0) === 0x7b; // '{'
      const record = isJson ? parseJson(trimmed, at) : parseTsv(header, line, at);
      const path = typeof record._path === 'string' ? record._path : header.path;
      if (path === null || !SUPPORTED_PATHS.has(path)) return null;
      return normalizeZeek(observer, { path, r: record, line: isJson ? trimmed : null }, at);
    },
  };
}

/** The log kind from a file name: `conn.log`, `dns.00:00:00-01:00:00.log.gz`, `site1-conn.json` → conn / dns. */
export function zeekPathFromFileName(fileName: string): string | null {
  const base = (fileName.split('/').pop() ?? fileName).toLowerCase();
  return base.split(/[^a-z0-9]+/).find((token) => SUPPORTED_PATHS.has(token)) ?? null;
}

function readHeaderLine(header: TsvHeader, line: string): void {
  const space = line.indexOf(line.startsWith('#separator') ? ' ' : header.separator);
  const key = line.slice(1, space < 0 ? undefined : space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  const values = rest.split(header.separator);
  switch (key) {
    case 'separator':
      header.separator = unescapeZeek(rest.trim());
      break;
    case 'set_separator':
      header.setSeparator = unescapeZeek(rest);
      break;
    case 'empty_field':
      header.emptyField = rest;
      break;
    case 'unset_field':
      header.unsetField = rest;
      break;
    case 'path':
      header.path = rest;
      break;
    case 'fields':
      header.fields = values;
      header.kinds = null;
      break;
    case 'types':
      header.types = values;
      header.kinds = null;
      break;
    default:
      break;
  }
}

function parseJson(line: string, at: RecordSource): ZeekRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw lineError(at, `not valid JSON (${(err as Error).message})`, err);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw lineError(at, 'not a JSON object');
  return flattenIds(parsed as ZeekRecord);
}

const ID_FIELDS = ['orig_h', 'orig_p', 'resp_h', 'resp_p'].map((k) => ({ dotted: `id.${k}`, underscored: `id_${k}` }));

/** Accepts `id: {orig_h}` and `id_orig_h` as well as Zeek's own `id.orig_h`. */
function flattenIds(record: ZeekRecord): ZeekRecord {
  const id = record.id;
  if (id !== null && typeof id === 'object' && !Array.isArray(id)) {
    for (const [k, v] of Object.entries(id as ZeekRecord)) record[`id.${k}`] = v;
    delete record.id;
  }
  for (const { dotted, underscored } of ID_FIELDS) {
    if (record[dotted] === undefined && record[underscored] !== undefined) record[dotted] = record[underscored];
  }
  return record;
}

function parseTsv(header: TsvHeader, line: string, at: RecordSource): ZeekRecord {
  const fields = header.fields;
  if (!fields) throw lineError(at, 'TSV record before any #fields header');
  // Lines split from a text never end in a newline; a caller passing one whole line might.
  const values = (line.endsWith('\n') ? line.replace(/\r?\n$/, '') : line).split(header.separator);
  if (values.length !== fields.length) {
    throw lineError(at, `expected ${fields.length} TSV fields, found ${values.length}`);
  }
  const kinds = header.kinds ?? (header.kinds = tsvKinds(fields, header.types));
  const record: ZeekRecord = {};
  for (let i = 0; i < fields.length; i++) {
    const raw = values[i] as string;
    if (raw === header.unsetField) continue;
    record[fields[i] as string] = tsvValue(header, raw, kinds[i] as TsvKind);
  }
  return record;
}

function tsvKinds(fields: readonly string[], types: readonly string[] | null): TsvKind[] {
  return fields.map((_, i) => {
    const type = types?.[i] ?? 'string';
    if (type.startsWith('set[') || type.startsWith('vector[')) return TsvKind.List;
    if (type === 'bool') return TsvKind.Bool;
    if (type === 'count' || type === 'int' || type === 'port' || type === 'double' || type === 'interval')
      return TsvKind.Number;
    return type === 'time' ? TsvKind.Time : TsvKind.Text;
  });
}

function tsvValue(header: TsvHeader, raw: string, kind: TsvKind): unknown {
  switch (kind) {
    case TsvKind.List:
      return raw === header.emptyField ? [] : raw.split(header.setSeparator).map(unescapeZeek);
    case TsvKind.Bool:
      return raw === 'T';
    case TsvKind.Number:
      return Number(raw);
    case TsvKind.Time:
      return raw;
    case TsvKind.Text:
      return unescapeZeek(raw);
  }
}

function unescapeZeek(text: string): string {
  return text.includes('\\x')
    ? text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

function zeekTimeMs(value: unknown, at: RecordSource): number {
  if (typeof value === 'string' && value.includes('T')) {
    const ms = isoToMs(value);
    if (ms !== null) return ms;
  }
  const seconds = toNumber(value);
  if (seconds === null) throw lineError(at, `bad or missing ts "${String(value)}"`);
  // Floor, as Date.parse does for ISO times, so TSV and JSON logs of one record agree to the millisecond.
  return Math.floor(seconds * 1000);
}

/**
 * `raw` is the record as JSON.stringify writes it. When the line read is already exactly that (logs written by
 * JSON.stringify, `osprey` itself, many converters), the line is kept instead: the same text, but a slice of the
 * file read rather than a second copy of every record held until the replay ends.
 */
function rawText(r: ZeekRecord, line: string | null): string {
  const text = JSON.stringify(r);
  return line !== null && text === line ? line : text;
}

/** A record read from a line of a log of kind `path`; `line` is the JSON text read, null for TSV. */
interface ReadRecord {
  path: string;
  r: ZeekRecord;
  line: string | null;
}

function normalizeZeek(
  observer: NetworkEventInput['observer'],
  { path, r, line }: ReadRecord,
  at: RecordSource,
): NetworkEventInput {
  const raw = rawText(r, line);
  const srcIp = toText(r['id.orig_h']);
  const dstIp = toText(r['id.resp_h']);
  const srcPort = toInteger(r['id.orig_p']);
  const dstPort = toInteger(r['id.resp_p']);
  if (srcIp === null || dstIp === null) throw lineError(at, 'missing id.orig_h or id.resp_h');
  const transport = ecsTransport(toText(r.proto));
  const parts: FlowParts = {
    source: { ip: srcIp, port: srcPort, bytes: null, packets: null },
    destination: { ip: dstIp, port: dstPort, bytes: null, packets: null },
    network: {
      transport,
      protocol: null,
      community_id: flowCommunityId(transport, srcIp, dstIp, srcPort, dstPort) ?? toText(r.community_id),
      bytes: null,
      packets: null,
    },
  };
  const base: NetworkEventInput = {
    id: networkEventId('zeek', raw),
    timestamp: zeekTimeMs(r.ts, at),
    observer,
    event: {
      kind: 'event',
      category: ECS_LISTS.network,
      type: ECS_LISTS.connection,
      action: null,
      dataset: DATASETS[path] ?? `zeek.${path}`,
      duration: null,
    },
    source: parts.source,
    destination: parts.destination,
    network: parts.network,
    zeek_uid: toText(r.uid),
    raw,
  };
  return PATH_MAPPERS[path]?.(base, r, parts) ?? base;
}

/**
 * The record's own source, destination and network objects (also in base), built with every key: mappers set
 * their fields in place, so keys keep their order and no copy is made per record.
 */
interface FlowParts {
  source: NonNullable<NetworkEventInput['source']>;
  destination: NonNullable<NetworkEventInput['destination']>;
  network: NonNullable<NetworkEventInput['network']>;
}

type PathMapper = (base: NetworkEventInput, r: ZeekRecord, parts: FlowParts) => NetworkEventInput;

const PATH_MAPPERS: Record<string, PathMapper> = {
  conn(base, r, { source, destination, network }) {
    const origBytes = toInteger(r.orig_bytes);
    const respBytes = toInteger(r.resp_bytes);
    const origPkts = toInteger(r.orig_pkts);
    const respPkts = toInteger(r.resp_pkts);
    base.event.action = toText(r.conn_state);
    base.event.duration = secondsToNs(toNumber(r.duration));
    source.bytes = origBytes;
    source.packets = origPkts;
    destination.bytes = respBytes;
    destination.packets = respPkts;
    network.protocol = toText(r.service);
    network.bytes = sumOrNull(origBytes, respBytes);
    network.packets = sumOrNull(origPkts, respPkts);
    return base;
  },
  dns(base, r, { network }) {
    base.event.type = ECS_LISTS.protocolInfo;
    base.event.action = 'dns_query';
    network.protocol = 'dns';
    const answers = Array.isArray(r.answers) ? r.answers.map((a) => String(a)) : null;
    base.dns = {
      question: { name: toText(r.query), type: toText(r.qtype_name) },
      answers,
      response_code: toText(r.rcode_name),
    };
    return base;
  },
  ssl(base, r, { network }) {
    base.event.type = ECS_LISTS.protocol;
    network.protocol = 'tls';
    base.tls = { server_name: toText(r.server_name) };
    return base;
  },
  http(base, r, { network }) {
    base.event.type = ECS_LISTS.protocolAccess;
    network.protocol = 'http';
    base.http = {
      method: toText(r.method),
      url: toText(r.uri),
      host: toText(r.host),
      status_code: toInteger(r.status_code),
    };
    return base;
  },
};
