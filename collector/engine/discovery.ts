/**
 * Finds every table spec under collector/tables/: `*.table.js` when the engine runs from dist/, `*.table.ts` under
 * tsx (decided by this module's own extension). A spec that fails to load is reported, not fatal: the other tables
 * still work.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TableDefinition } from './spec.js';

export interface DiscoveryResult {
  tables: TableDefinition[];
  failures: Array<{ file: string; error: unknown }>;
}

const HERE = fileURLToPath(import.meta.url);
export const TABLES_DIR = join(dirname(HERE), '..', 'tables');
const SPEC_SUFFIX = `.table${extname(HERE)}`;

export function specFiles(dir: string = TABLES_DIR): string[] {
  const found: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...specFiles(full));
    else if (entry.endsWith(SPEC_SUFFIX) && !entry.includes('.test.') && !entry.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

export async function discoverTables(dir: string = TABLES_DIR): Promise<DiscoveryResult> {
  const files = specFiles(dir);
  const loaded = await Promise.allSettled(files.map(async (file) => (await import(pathToFileURL(file).href)) as unknown));
  const result: DiscoveryResult = { tables: [], failures: [] };
  loaded.forEach((outcome, i) => {
    const file = files[i] as string;
    if (outcome.status === 'rejected') {
      result.failures.push({ file, error: outcome.reason });
      return;
    }
    const def = (outcome.value as { default?: unknown }).default;
    if (isTableDefinition(def)) result.tables.push(def);
    else result.failures.push({ file, error: new Error('the module has no default export made by defineTable()') });
  });
  return result;
}

function isTableDefinition(value: unknown): value is TableDefinition {
  const def = value as Partial<TableDefinition> | undefined;
  return typeof def?.name === 'string' && Array.isArray(def.columns) && typeof def.generate === 'function';
}
