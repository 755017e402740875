/**
 * The quiet directory probes tables use when walking users' homes and package trees: a path that is missing or
 * unreadable is simply not there (osquery skips it the same way), so none of these throws.
 */
import { readdirSync, statSync } from 'node:fs';

/** The names in `dir`, sorted; none when it cannot be read. */
export function listNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A directory, following symlinks (a linked profile or node_modules counts). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A regular file, following symlinks. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
