/**
 * /proc helpers shared by the process tables: which pids a query needs, /proc/<pid>/stat parsing, and the few
 * system constants (clock ticks, page size, boot time) that are read once per Osprey process.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';
import { parseColonLines, readTextIfExists, toInt } from './read.js';

/** Root of the proc filesystem; tests never change it, but naming it keeps paths greppable. */
export const PROC = '/proc';

/** The numeric entries of /proc (one per process, threads excluded), ascending as osquery's std::set orders. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(PROC)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids.sort((a, b) => a - b);
}

/**
 * The pids a scan must read: the `pid = …` / `pid IN (…)` values pushed down on `column` when there are any (only
 * those that exist, as osquery's getProcList checks isDirectory), otherwise every process.
 */
export function pidsFromContext(ctx: QueryContext, column = 'pid'): number[] {
  const wanted = integerEquals(ctx, column);
  if (wanted === null) return listPids();
  return wanted.filter((pid) => pid > 0 && existsSync(`${PROC}/${pid}`)).sort((a, b) => a - b);
}

/**
 * Distinct integer values of `=` constraints on a column, or null when the column is not constrained by `=`.
 * Values that are not integers (`pid = 'abc'`) match nothing, so they are dropped.
 */
export function integerEquals(ctx: QueryContext, column: string): number[] | null {
  const values = ctx.equals(column);
  if (values.length === 0) return null;
  const out = new Set<number>();
  for (const v of values) {
    const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n)) out.add(n);
  }
  return [...out];
}

/** Fields of /proc/<pid>/stat after the `(comm)` field, indexed as osquery's SimpleProcStat does (0 = state). */
export interface ProcStat {
  readonly comm: string;
  readonly fields: readonly string[];
}

/**
 * Parses /proc/<pid>/stat. The command name may contain spaces and parentheses, so fields start after the last
 * ')'. Returns null for malformed content (fewer than 20 fields after the name, as osquery requires).
 */
export function parseStat(content: string): ProcStat | null {
  const open = content.indexOf('(');
  const close = content.lastIndexOf(')');
  if (open < 0 || close < open || content.length <= close + 2) return null;
  const fields = content
    .slice(close + 2)
    .trimEnd()
    .split(' ');
  if (fields.length <= 19) return null;
  return { comm: content.slice(open + 1, close), fields };
}

/**
 * Clock ticks per second for /proc times. The kernel exports times in USER_HZ, which is 100 on every
 * architecture Osprey targets (x86_64, aarch64); sysconf(_SC_CLK_TCK) is not reachable from Node without a child
 * process, so the constant is named here once.
 */
export const CLOCK_TICKS = 100;

let cachedPageSize: number | undefined;

/** Page size in bytes, from the kernel's own report in /proc/self/smaps (KernelPageSize), else 4096. */
export function pageSize(): number {
  if (cachedPageSize !== undefined) return cachedPageSize;
  let size = 4096;
  try {
    const text = readTextIfExists(`${PROC}/self/smaps_rollup`) ?? '';
    const match = /KernelPageSize:\s+(\d+) kB/.exec(text) ?? /KernelPageSize:\s+(\d+) kB/.exec(smapsHead());
    if (match?.[1]) size = Number(match[1]) * 1024;
  } catch {
    // Keep the default: every Linux architecture Osprey runs on uses 4 KiB base pages.
  }
  cachedPageSize = size;
  return size;
}

function smapsHead(): string {
  return (readTextIfExists(`${PROC}/self/smaps`) ?? '').slice(0, 4096);
}

let cachedBootTime: number | undefined;

/** System boot time in seconds since the Epoch (`btime` in /proc/stat), read once; 0 when unknown. */
export function bootTime(): number {
  if (cachedBootTime !== undefined) return cachedBootTime;
  const text = readTextIfExists(`${PROC}/stat`) ?? '';
  const match = /^btime (\d+)$/m.exec(text);
  cachedBootTime = match?.[1] ? Number(match[1]) : 0;
  return cachedBootTime;
}

/** Parses /proc/<pid>/status style text; see parseColonLines. */
export function parseStatus(content: string): Map<string, string> {
  return parseColonLines(content);
}

/** `Uid:` / `Gid:` status lines hold real, effective, saved and filesystem ids separated by tabs. */
export function parseIdLine(value: string | undefined): [number | null, number | null, number | null] {
  const parts = (value ?? '').split(/\s+/);
  return [toInt(parts[0]), toInt(parts[1]), toInt(parts[2])];
}
