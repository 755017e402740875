/** Small readers for sysfs device directories (attribute files and `uevent` KEY=value lines). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listNames } from '../lib/dir.js';

/** An attribute's text without its trailing newline, or undefined when absent or unreadable. */
export function attribute(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'latin1').replace(/\n$/, '');
  } catch {
    return undefined;
  }
}

export function uevent(dir: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of (attribute(dir, 'uevent') ?? '').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return values;
}

/** Entry names of a directory, sorted; none when it does not exist (the tables' shared probe). */
export const entries = listNames;
