/**
 * Test helper: what /proc/<pid>/stat says about every process at one moment. Two snapshots taken around a scan tell
 * which processes lived through it unchanged (same start time, parent and name), so a test can compare the scan with
 * another listing for exactly those, while processes of other test files start and exit beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcFacts {
  readonly ppid: number;
  readonly comm: string;
  /** Start time in clock ticks after boot: tells a reused pid from the process that had it before. */
  readonly start: string;
}

function readFacts(pid: number): ProcFacts | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between the directory listing and the read
  }
  // comm may hold spaces and parentheses; it ends at the last ')'.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(fields[1]), start: fields[19] ?? '' };
}

export function procSnapshot(): Map<number, ProcFacts> {
  const snapshot = new Map<number, ProcFacts>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const facts = readFacts(Number(entry));
    if (facts) snapshot.set(Number(entry), facts);
  }
  return snapshot;
}

/** The processes present in both snapshots with the same facts. */
export function unchangedBetween(
  before: Map<number, ProcFacts>,
  after: Map<number, ProcFacts>,
): Map<number, ProcFacts> {
  const stable = new Map<number, ProcFacts>();
  for (const [pid, facts] of before) {
    const later = after.get(pid);
    if (later && later.ppid === facts.ppid && later.comm === facts.comm && later.start === facts.start)
      stable.set(pid, facts);
  }
  return stable;
}
