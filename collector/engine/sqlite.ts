/**
 * Opens the engine's in-memory SQLite. better-sqlite3 is required as CommonJS rather than imported: an ES import of
 * a CommonJS package makes Node lex its source for named exports first, and the package's `bindings` lookup tries
 * several paths (each a failed require) before it finds the addon, which sits in build/Release after any install
 * (built or prebuilt). Both cost every `osprey shell "SELECT 1"`; the default lookup stays as the fallback.
 */
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireHere = createRequire(import.meta.url);

export function openMemoryDatabase(): Database.Database {
  const BetterSqlite3 = requireHere('better-sqlite3') as typeof Database;
  const binding = join(
    dirname(requireHere.resolve('better-sqlite3/package.json')),
    'build',
    'Release',
    'better_sqlite3.node',
  );
  return new BetterSqlite3(':memory:', existsSync(binding) ? { nativeBinding: binding } : {});
}
