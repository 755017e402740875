/**
 * The interactive shell's history, kept across runs as osqueryi keeps `~/.osquery/.history` with linenoise: one
 * entry per line, oldest first, at most 100. Osprey's lives in `~/.osprey/.history` (directory 0700, file 0600).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { mkdirPrivate, writePrivate } from '../../common/paths.js';

export const HISTORY_LIMIT = 100;

/** Osprey's per-user directory: `$HOME/.osprey` (os.homedir() honours $HOME). */
export function shellHomeDirectory(): string {
  return join(process.env.HOME ?? homedir(), '.osprey');
}

export function historyPath(home = shellHomeDirectory()): string {
  return join(home, '.history');
}

/** Entries oldest first; a missing or unreadable file is an empty history. */
export function loadHistory(path: string): string[] {
  try {
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    return lines.slice(-HISTORY_LIMIT);
  } catch {
    return [];
  }
}

/** Writes the newest HISTORY_LIMIT entries, oldest first, privately. */
export function saveHistory(path: string, entries: readonly string[]): void {
  const kept = entries.filter((e) => e !== '' && !e.includes('\n')).slice(-HISTORY_LIMIT);
  mkdirPrivate(join(path, '..'));
  writePrivate(path, kept.length === 0 ? '' : `${kept.join('\n')}\n`);
}
