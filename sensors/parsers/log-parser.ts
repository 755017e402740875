/** One parser per log file, chosen by sensor kind: what `osprey ship` and the tests feed lines through. */
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { RecordSource } from './normalize.js';
import { parseEveLine } from './suricata.js';
import { createZeekParser, zeekPathFromFileName } from './zeek.js';

export type SensorKind = 'zeek' | 'suricata';

export interface LogParser {
  /** Null for headers, blank lines and records that are not network events; throws a DECODE_ERROR naming file:line. */
  parse(line: string, at: RecordSource): NetworkEventInput | null;
}

export const SENSOR_KINDS: Record<SensorKind, (sensorName: string, file: string) => LogParser> = {
  zeek: (sensorName, file) => createZeekParser(sensorName, zeekPathFromFileName(file)),
  suricata: (sensorName) => ({ parse: (line, at) => parseEveLine(sensorName, line, at) }),
};

export function isSensorKind(value: string): value is SensorKind {
  return Object.hasOwn(SENSOR_KINDS, value);
}

export interface ParseSummary {
  events: NetworkEventInput[];
  errors: Error[];
  skipped: number;
}

/** Parses a whole text (tests, gzip files): broken lines are collected, not thrown. */
export function parseLogText(kind: SensorKind, sensorName: string, file: string, text: string): ParseSummary {
  const parser = SENSOR_KINDS[kind](sensorName, file);
  const summary: ParseSummary = { events: [], errors: [], skipped: 0 };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    try {
      const event = parser.parse(line, { file, line: i + 1 });
      if (event) summary.events.push(event);
      else summary.skipped++;
    } catch (err) {
      summary.errors.push(err as Error);
    }
  });
  return summary;
}
