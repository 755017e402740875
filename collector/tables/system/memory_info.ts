/** `memory_info`: /proc/meminfo figures in bytes (osquery's getMemoryInfo multiplies the kB values by 1024). */
import type { Row } from '../../engine/spec.js';
import { parseColonLines, readTextIfExists } from '../lib/read.js';

const FIELDS: ReadonlyArray<[string, string]> = [
  ['memory_total', 'MemTotal'],
  ['memory_free', 'MemFree'],
  ['memory_available', 'MemAvailable'],
  ['buffers', 'Buffers'],
  ['cached', 'Cached'],
  ['swap_cached', 'SwapCached'],
  ['active', 'Active'],
  ['inactive', 'Inactive'],
  ['swap_total', 'SwapTotal'],
  ['swap_free', 'SwapFree'],
];

export function genMemoryInfo(): Row[] {
  const text = readTextIfExists('/proc/meminfo');
  if (text === null) return [];
  return [memoryRow(parseColonLines(text))];
}

export function memoryRow(meminfo: ReadonlyMap<string, string>): Row {
  const row: Row = {};
  for (const [column, key] of FIELDS) {
    const kb = Number.parseInt(meminfo.get(key) ?? '', 10);
    row[column] = Number.isFinite(kb) ? kb * 1024 : null;
  }
  return row;
}
