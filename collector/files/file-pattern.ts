/**
 * osquery's file-path patterns (resolveFilePattern with GLOB_ALL): in a LIKE constraint on `path`, `%` matches any
 * name within one directory level and `%%` matches everything below a directory, recursively; `_` is one character.
 * Symbolic links to directories are not followed while recursing, so a loop cannot run away.
 */
import { join } from 'node:path';
import { isDirectoryMode, statDirectory, statPath, TYPE_ONLY, type FileStat, type StatOptions } from './dir-stats.js';

/** Upper bound of paths one pattern expands to: a `%%` at / must not take the host down. */
export const MAX_PATTERN_MATCHES = 200_000;

export interface PatternResult {
  paths: string[];
  /** Each path's metadata, read while listing (as much of it as the options asked for). */
  stats: FileStat[];
  truncated: boolean;
}

export function isPattern(text: string): boolean {
  return text.includes('%') || text.includes('_');
}

interface Walk {
  out: PatternResult;
  limit: number;
  options: StatOptions;
}

/**
 * Expands a LIKE pattern over absolute paths into the existing paths it names, with their metadata: by default only
 * each path's type; `options` asks for the whole stat record (and link texts) that the listing reads in passing.
 */
export function resolveFilePattern(
  pattern: string,
  limit = MAX_PATTERN_MATCHES,
  options: StatOptions = TYPE_ONLY,
): PatternResult {
  const out: PatternResult = { paths: [], stats: [], truncated: false };
  if (!pattern.startsWith('/')) return out;
  const segments = pattern.split('/').slice(1);
  walk('/', segments, { out, limit, options });
  return out;
}

const childPath = (dir: string, name: string): string => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

function walk(dir: string, segments: string[], w: Walk): void {
  const { out, limit } = w;
  if (out.paths.length >= limit) {
    out.truncated = true;
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const last = rest.length === 0;
  if (segment === '') {
    // A trailing slash ('/etc/') names the directory itself.
    if (last) push(out, dir, statPath(dir, w.options));
    else walk(dir, rest, w);
    return;
  }
  if (segment === '%%') {
    recurseAll(dir, w);
    return;
  }
  if (!isPattern(segment)) {
    const next = join(dir, segment);
    const stat = statPath(next, last ? w.options : TYPE_ONLY);
    if (last) {
      if (stat.error === undefined) push(out, next, stat);
    } else if (isDirectoryMode(stat.lmode)) walk(next, rest, w);
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const { name, stat } of statDirectory(dir, last ? w.options : TYPE_ONLY)) {
    if (!matcher.test(name)) continue;
    const next = childPath(dir, name);
    if (last) push(out, next, stat);
    else if (isDirectoryMode(stat.lmode)) walk(next, rest, w);
    if (out.paths.length >= limit) {
      out.truncated = true;
      return;
    }
  }
}

function push(out: PatternResult, path: string, stat: FileStat): void {
  out.paths.push(path);
  out.stats.push(stat);
}

/** `%%`: every path below dir. The listing gives each entry's type, so nothing is stat()ed twice. */
function recurseAll(dir: string, w: Walk): void {
  for (const { name, stat } of statDirectory(dir, w.options)) {
    if (w.out.paths.length >= w.limit) {
      w.out.truncated = true;
      return;
    }
    const next = childPath(dir, name);
    push(w.out, next, stat);
    if (isDirectoryMode(stat.lmode)) recurseAll(next, w);
  }
}

function segmentMatcher(segment: string): RegExp {
  let source = '';
  for (const ch of segment) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
