/** `cpu_time`: per-core tick counters from the `cpuN` lines of /proc/stat (osquery's genCpuTime, raw ticks). */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

const COUNTERS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice'];

export function genCpuTime(ctx: QueryContext): Row[] {
  const text = readTextIfExists('/proc/stat');
  if (text === null) return [];
  const rows: Row[] = [];
  for (const line of splitLines(text)) {
    if (!/^cpu\d/.test(line)) continue;
    const words = line.trim().split(/\s+/);
    if (words.length < 8) {
      ctx.errors.skip(`malformed /proc/stat line ${words[0] ?? ''}`);
      continue;
    }
    const row: Row = { core: Number((words[0] as string).slice(3)) };
    COUNTERS.forEach((name, i) => {
      row[name] = Number(words[i + 1] ?? 0);
    });
    rows.push(row);
  }
  return rows;
}
