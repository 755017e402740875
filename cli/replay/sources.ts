/**
 * What a replay reads: files (or every file under a directory), each recognised from its first records as a Zeek log
 * (TSV or JSON), a Suricata EVE log, an osquery result log, a Linux audit log or a syslog file with Sysmon for Linux
 * events, and parsed with that format's own parser (sensors/parsers for Zeek and EVE; auditd.ts, sysmon.ts).
 * stream.ts reads the files through these parsers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SENSOR_KINDS, type LogParser } from '../../sensors/parsers/log-parser.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { ResultEvent } from '../../schemas/generated/result_event.js';
import { createAuditParser, isAuditRecord } from './auditd.js';
import { hostFromFileName, type HostRecord } from './host-events.js';
import { isResultRecord, parseResultLine, resultTime } from './osquery-results.js';
import { isSysmonLine, parseSysmonEvent, sysmonRecord } from './sysmon.js';

export type ReplayFormat = 'zeek' | 'suricata' | 'osquery' | 'auditd' | 'sysmon';

/** How far into a syslog file to look for a Sysmon event (other programs log there too). */
export const SYSLOG_SCAN_LINES = 500;

export type ReplayInput =
  | { readonly kind: 'network'; readonly value: NetworkEventInput }
  | { readonly kind: 'host'; readonly value: ResultEvent };

export interface ReplayRecord {
  /** Event time (ms): records from every file are replayed in this order. */
  readonly time: number;
  readonly input: ReplayInput;
}

export interface Malformed {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface FileSummary {
  readonly file: string;
  format: ReplayFormat | null;
  records: number;
  malformed: number;
  /**
   * Headers, blank lines and records that are not events (Zeek logs we do not normalize, EVE stats, other syslog
   * lines). Audit logs count events here and in `records`, not lines: one event spans several lines.
   */
  skipped: number;
}

/** Files named, and every file under a directory named (sorted, so a replay is repeatable). */
export function listReplayFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (!statSync(path).isDirectory()) {
      out.push(path);
      continue;
    }
    const names = readdirSync(path).sort();
    out.push(...listReplayFiles(names.map((name) => join(path, name))));
  }
  return out;
}

export function readLogText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * The format from the first lines: Zeek headers or fields, an EVE `event_type`, an osquery result line, an audit
 * record, or a Sysmon event among the first syslog lines; else null.
 */
export function detectFormat(lines: readonly string[]): ReplayFormat | null {
  for (const line of lines.slice(0, 20)) {
    const text = line.trim();
    if (text === '') continue;
    if (text.startsWith('#separator') || text.startsWith('#fields')) return 'zeek';
    if (text.startsWith('#')) continue; // a comment before the headers (btest baselines start with one)
    if (isAuditRecord(text)) return 'auditd';
    if (!text.startsWith('{')) return lines.slice(0, SYSLOG_SCAN_LINES).some(isSysmonLine) ? 'sysmon' : null;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue; // a broken first line: look at the next
    }
    if (typeof record.event_type === 'string') return 'suricata';
    if (isResultRecord(record)) return 'osquery';
    if ('_path' in record || 'uid' in record || 'id.orig_h' in record || 'id_orig_h' in record || 'ts' in record)
      return 'zeek';
    return null;
  }
  return null;
}

/** Parses one line and appends its records to `into`; returns how many (0: a header, blank or non-event line). */
export type LineParser = (line: string, at: { file: string; line: number }) => number;

export interface FileParser {
  readonly parse: LineParser;
  /** Formats whose events span lines (audit): the events still open at the end, and the events skipped. */
  readonly grouped?: { finish(): number; skipped(): number };
}

export function fileParser(format: ReplayFormat, sensorName: string, file: string, into: ReplayRecord[]): FileParser {
  const pushHost = (records: readonly HostRecord[]): number => {
    for (const { time, value } of records) into.push({ time, input: { kind: 'host', value } });
    return records.length;
  };
  if (format === 'auditd') {
    const audit = createAuditParser(file);
    return {
      parse: (line, at) => pushHost(audit.parse(line, at)),
      grouped: { finish: () => pushHost(audit.finish()), skipped: () => audit.skipped },
    };
  }
  if (format === 'sysmon') {
    const host = hostFromFileName(file);
    return {
      parse: (line, at) => {
        const event = parseSysmonEvent(line, at);
        const record = event === null ? null : sysmonRecord(event, host);
        return record === null ? 0 : pushHost([record]);
      },
    };
  }
  return { parse: lineParser(format, sensorName, file, into) };
}

function lineParser(format: ReplayFormat, sensorName: string, file: string, into: ReplayRecord[]): LineParser {
  if (format === 'osquery') {
    return (line, at) => {
      const events = parseResultLine(line, at);
      for (const value of events) into.push({ time: resultTime(value), input: { kind: 'host', value } });
      return events.length;
    };
  }
  if (format !== 'zeek' && format !== 'suricata') throw new Error(`no line parser for ${format}`);
  const parser: LogParser = SENSOR_KINDS[format](sensorName, file);
  return (line, at) => {
    const value = parser.parse(line, at);
    if (value === null) return 0;
    into.push(new NetworkRecord(value));
    return 1;
  };
}

/**
 * A sensor record as the replay holds it: its time is its event's timestamp and it is its own `input`, so a record
 * is one small object over the event rather than a record, an input wrapper and a boxed copy of the time. The sort
 * window holds up to 100,000 records per file, long enough for the collector to copy and promote every object each
 * one carries.
 */
class NetworkRecord implements ReplayRecord {
  constructor(readonly value: NetworkEventInput) {}

  get kind(): 'network' {
    return 'network';
  }

  get time(): number {
    return this.value.timestamp;
  }

  get input(): ReplayInput {
    return this;
  }

  /** Serialized as the plain record it stands for: `{ time, input: { kind, value } }`. */
  toJSON(): { time: number; input: ReplayInput } {
    return { time: this.time, input: { kind: 'network', value: this.value } };
  }
}
