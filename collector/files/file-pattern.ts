/**
 * osquery's file-path patterns (resolveFilePattern with GLOB_ALL): in a LIKE constraint on `path`, `%` matches any
 * name within one directory level and `%%` matches everything below a directory, recursively; `_` is one character.
 * Symbolic links to directories are not followed while recursing, so a loop cannot run away.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** Upper bound of paths one pattern expands to: a `%%` at / must not take the host down. */
export const MAX_PATTERN_MATCHES = 200_000;

export interface PatternResult {
  paths: string[];
  truncated: boolean;
}

export function isPattern(text: string): boolean {
  return text.includes('%') || text.includes('_');
}

/** Expands a LIKE pattern over absolute paths into the existing paths it names. */
export function resolveFilePattern(pattern: string, limit = MAX_PATTERN_MATCHES): PatternResult {
  const result: PatternResult = { paths: [], truncated: false };
  if (!pattern.startsWith('/')) return result;
  const segments = pattern.split('/').slice(1);
  walk('/', segments, result, limit);
  return result;
}

function walk(dir: string, segments: string[], out: PatternResult, limit: number): void {
  if (out.paths.length >= limit) {
    out.truncated = true;
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const last = rest.length === 0;
  if (segment === '') {
    // A trailing slash ('/etc/') names the directory itself.
    if (last) out.paths.push(dir);
    else walk(dir, rest, out, limit);
    return;
  }
  if (segment === '%%') {
    recurseAll(dir, out, limit);
    return;
  }
  if (!isPattern(segment)) {
    const next = join(dir, segment);
    if (last) {
      if (exists(next)) out.paths.push(next);
    } else if (isDirectory(next)) walk(next, rest, out, limit);
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const name of listDirectory(dir)) {
    if (!matcher.test(name)) continue;
    const next = join(dir, name);
    if (last) out.paths.push(next);
    else if (isDirectory(next)) walk(next, rest, out, limit);
    if (out.paths.length >= limit) {
      out.truncated = true;
      return;
    }
  }
}

/** `%%`: every path below dir. The entry types come with the listing (d_type), so no lstat per entry. */
function recurseAll(dir: string, out: PatternResult, limit: number): void {
  for (const entry of listEntries(dir)) {
    if (out.paths.length >= limit) {
      out.truncated = true;
      return;
    }
    const next = join(dir, entry.name);
    out.paths.push(next);
    if (entry.isDirectory()) recurseAll(next, out, limit);
  }
}

/** Entries sorted by name as listDirectory sorts them; Node lstat()s an entry whose d_type the filesystem omits. */
function listEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
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

export function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A real directory (lstat: a symlink to a directory is not descended into). */
function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
