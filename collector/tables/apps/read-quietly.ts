/**
 * Reading files in users' homes for the application tables: a file that is absent or unreadable (EACCES, a
 * directory where a file was expected) is treated as absent, as osquery's readFile failing, so one user's
 * unreadable profile does not fail the query for everyone.
 */
import { readTextIfExists } from '../lib/read.js';

export function readTextQuietly(path: string): string | null {
  try {
    return readTextIfExists(path);
  } catch {
    return null;
  }
}
