/** /proc/cpuinfo parsing shared by system_info and cpuid's fallback. */
import { readTextIfExists } from '../lib/read.js';

/** One `key: value` map per processor block of /proc/cpuinfo. */
export function readCpuinfo(path = '/proc/cpuinfo'): Array<Map<string, string>> {
  const text = readTextIfExists(path);
  return text === null ? [] : parseCpuinfo(text);
}

export function parseCpuinfo(text: string): Array<Map<string, string>> {
  const blocks: Array<Map<string, string>> = [];
  let current = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) blocks.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    current.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  if (current.size > 0) blocks.push(current);
  return blocks;
}
