/**
 * The config's FIM keys as watches (osquery: plugins/config/parsers/file_paths.cpp, events/linux/inotify.cpp):
 * `file_paths` {category: [pattern]}, `exclude_paths` {category: [pattern]} (only categories that file_paths has),
 * `file_accesses` [category] (those also get open/access events). In a pattern `%` (or `*`) is one level and a
 * trailing `%%` (or `**`) everything below. As in osquery: a wildcard in the last component watches the directory and
 * filters events by name; a wildcard higher up is resolved now to the directories that exist; a plain directory
 * watches its entries; an event fires for a subscription when its path matches the pattern followed by `*` (case
 * folded, `*` never crossing `/`), or for a recursive pattern when it lies below the base.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveFilePattern } from '../files/file-pattern.js';
import { IN } from './kernel/inotify.js';

/** osquery's kFileDefaultMasks and kFileAccessMasks. */
export const DEFAULT_MASK =
  IN.MOVED_TO | IN.MOVED_FROM | IN.MODIFY | IN.DELETE | IN.CREATE | IN.CLOSE_WRITE | IN.ATTRIB;
export const ACCESS_MASK = IN.OPEN | IN.ACCESS;

export interface FileSubscription {
  readonly category: string;
  /** The pattern as configured. */
  readonly pattern: string;
  /** Directories to watch (a plain file is watched through its directory, so replacing it is seen too). */
  readonly roots: readonly string[];
  /** Watch every directory below the roots, and new ones as they appear. */
  readonly recursive: boolean;
  /** The category is in file_accesses: open and access events too, and no hashing. */
  readonly accesses: boolean;
  readonly mask: number;
  matches(path: string): boolean;
}

export interface WatchPlan {
  readonly subscriptions: readonly FileSubscription[];
  /** exclude_paths: the path or one of its parent directories matches an exclude pattern. */
  excluded(path: string): boolean;
  /** Config problems (a pattern that is not absolute), for the status log. */
  readonly problems: readonly string[];
}

export function planFileWatches(config: Readonly<Record<string, unknown>>): WatchPlan {
  const filePaths = stringLists(config.file_paths);
  const accesses = new Set(Array.isArray(config.file_accesses) ? config.file_accesses.map(String) : []);
  const problems: string[] = [];
  const subscriptions: FileSubscription[] = [];
  for (const [category, patterns] of Object.entries(filePaths)) {
    for (const raw of patterns) {
      const pattern = raw.replaceAll('%', '*');
      if (!pattern.startsWith('/')) {
        problems.push(`file_paths.${category}: ${raw} is not an absolute path; it is ignored`);
        continue;
      }
      subscriptions.push(subscription(category, raw, pattern, accesses.has(category)));
    }
  }
  const excludes: RegExp[] = [];
  for (const [category, patterns] of Object.entries(stringLists(config.exclude_paths))) {
    if (!(category in filePaths)) continue;
    for (const raw of patterns) excludes.push(excludeMatcher(raw.replaceAll('%', '*')));
  }
  return {
    subscriptions,
    problems,
    excluded: (path) => excludes.length > 0 && ancestors(path).some((p) => excludes.some((re) => re.test(p))),
  };
}

function subscription(category: string, raw: string, pattern: string, accesses: boolean): FileSubscription {
  const mask = accesses ? DEFAULT_MASK | ACCESS_MASK : DEFAULT_MASK;
  const base = { category, pattern: raw, accesses, mask };
  const star = pattern.indexOf('**');
  const recursive = star >= 0;
  const path = recursive ? pattern.slice(0, star) : pattern;
  let discovered = path; // what is watched, as osquery's monitorSubscription names it
  if (path.includes('*')) {
    const leaf = path.slice(path.lastIndexOf('/') + 1);
    if (leaf.includes('*')) discovered = `${dirname(path)}/`.replace('//', '/');
    if (discovered.includes('*')) {
      // A wildcard in the stem: watch what exists now; events are matched against the whole pattern.
      const roots = resolveFilePattern(discovered.replaceAll('*', '%')).paths.filter(isDirectory);
      const re = globMatcher(path, recursive);
      return { ...base, roots, recursive, matches: (p) => re.test(p) };
    }
  }
  if (recursive) {
    const prefix = path.toLowerCase();
    return { ...base, roots: [path], recursive, matches: (p) => p.toLowerCase().startsWith(prefix) };
  }
  if (!discovered.endsWith('/') && isDirectory(discovered)) {
    const re = globMatcher(`${path}/`, false);
    return { ...base, roots: [`${discovered}/`], recursive, matches: (p) => re.test(p) };
  }
  const root = discovered.endsWith('/') ? discovered : `${dirname(discovered)}/`.replace('//', '/');
  const re = globMatcher(path, false);
  return { ...base, roots: [root], recursive, matches: (p) => re.test(p) };
}

/** fnmatch(pattern + "*", path, FNM_PATHNAME | FNM_CASEFOLD [| FNM_LEADING_DIR]) as a regular expression. */
export function globMatcher(pattern: string, leadingDir: boolean): RegExp {
  let source = '';
  for (const ch of `${pattern}*`) source += ch === '*' ? '[^/]*' : ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${source}${leadingDir ? '(/.*)?' : ''}$`, 'is');
}

/** An exclude pattern: `**` anything, `*` one level; a trailing slash is dropped so `/dir/` excludes the dir. */
function excludeMatcher(pattern: string): RegExp {
  const trimmed = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  let source = '';
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i] as string;
    if (ch === '*' && trimmed[i + 1] === '*') {
      source += '.*';
      i++;
    } else source += ch === '*' ? '[^/]*' : ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** The path and each directory above it, longest first (`/a/b/c` → `/a/b/c`, `/a/b`, `/a`). */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (
    let p = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
    p !== '/' && p !== '.';
    p = dirname(p)
  ) {
    out.push(p);
  }
  return out;
}

function stringLists(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (Array.isArray(list)) out[key] = list.filter((v): v is string => typeof v === 'string' && v !== '');
  }
  return out;
}

/** A directory, following a symbolic link as osquery's isDirectory does for configured paths. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
