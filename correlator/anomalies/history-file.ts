/**
 * First-seen history on disk, so a restart does not begin a new learning period (Elastic's new_terms looks back over
 * its history window; ours is this file). One private JSON file per rule, written atomically (temp + rename), oldest
 * entries first so that loading restores the cap's order.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { OspreyError } from '../../common/errors.js';
import { writePrivate } from '../../common/paths.js';
import type { BoundedMap } from '../rules/bounded-map.js';

interface HistoryFile {
  version: 1;
  keys: Array<[string, number]>;
  terms: Array<[string, number]>;
}

export function historyPath(stateDir: string, ruleId: string): string {
  return join(stateDir, `first-seen-${ruleId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export function loadHistory(path: string, keys: BoundedMap<string, number>, terms: BoundedMap<string, number>): void {
  if (!existsSync(path)) return;
  let parsed: HistoryFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as HistoryFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.keys) || !Array.isArray(parsed.terms))
      throw new Error('not a version 1 history');
  } catch (err) {
    throw new OspreyError(
      'CONFIG_INVALID',
      `First-seen history ${path} is unreadable (${(err as Error).message}); move it away to start a new baseline.`,
      { cause: err, retriable: false },
    );
  }
  for (const [k, t] of parsed.keys) keys.set(k, t);
  for (const [c, t] of parsed.terms) terms.set(c, t);
}

export function saveHistory(path: string, keys: BoundedMap<string, number>, terms: BoundedMap<string, number>): void {
  const data: HistoryFile = { version: 1, keys: [...keys.entries()], terms: [...terms.entries()] };
  const temp = `${path}.tmp`;
  writePrivate(temp, JSON.stringify(data));
  renameSync(temp, path);
}
