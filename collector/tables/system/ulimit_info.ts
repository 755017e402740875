/**
 * `ulimit_info`: the resource limits of the agent's own process, as osquery reports its getrlimit(2) values.
 * Node cannot call getrlimit, so the same figures come from /proc/self/limits (RLIM_INFINITY = "unlimited").
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

/** /proc/self/limits labels by osquery's resource names, in osquery's (std::map, alphabetical) order. */
const RESOURCES: ReadonlyArray<[string, string]> = [
  ['as', 'Max address space'],
  ['core', 'Max core file size'],
  ['cpu', 'Max cpu time'],
  ['data', 'Max data size'],
  ['fsize', 'Max file size'],
  ['locks', 'Max file locks'],
  ['memlock', 'Max locked memory'],
  ['msgqueue', 'Max msgqueue size'],
  ['nice', 'Max nice priority'],
  ['nofile', 'Max open files'],
  ['nproc', 'Max processes'],
  ['rss', 'Max resident set'],
  ['rtprio', 'Max realtime priority'],
  ['sigpending', 'Max pending signals'],
  ['stack', 'Max stack size'],
];

export function genUlimitInfo(ctx: QueryContext, path = '/proc/self/limits'): Row[] {
  const text = readTextIfExists(path);
  if (text === null) return [];
  const limits = parseLimits(text);
  const rows: Row[] = [];
  for (const [type, label] of RESOURCES) {
    const limit = limits.get(label);
    if (limit === undefined) ctx.errors.skip(`no "${label}" line in ${path}`);
    else rows.push({ type, soft_limit: limit[0], hard_limit: limit[1] });
  }
  return rows;
}

/** Parses the fixed-width /proc/<pid>/limits table: label, soft, hard, units. */
export function parseLimits(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const line of splitLines(text).slice(1)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (m?.[1] && m[2] && m[3]) out.set(m[1].trim(), [m[2], m[3]]);
  }
  return out;
}
