/**
 * Finds every table spec under collector/tables/: `*.table.js` when the engine runs from dist/, `*.table.ts` under
 * tsx (decided by this module's own extension). A spec that fails to load is reported, not fatal: the other tables
 * still work. From dist/, the spec cache (spec-cache.ts) answers for unchanged specs, whose modules then load on
 * first scan.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { requireModuleSupported } from '../../common/load-module.js';
import { SpecCache } from './spec-cache.js';
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
  let entries: Array<{ name: string; isDirectory(): boolean }>;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = `${dir}${sep}${entry.name}`; // path.join would normalise again, for each of ~1000 entries
    if (entry.isDirectory()) found.push(...specFiles(full));
    else if (entry.name.endsWith(SPEC_SUFFIX) && !entry.name.includes('.test.') && !entry.name.endsWith('.d.ts'))
      found.push(full);
  }
  return found;
}

/** Whether the engine's own tables load in the lazy way (spec cache, modules by require) in this process. */
function lazyHere(dir: string, lazy: boolean | undefined): boolean {
  return (lazy ?? true) && dir === TABLES_DIR && SPEC_SUFFIX === '.table.js' && requireModuleSupported();
}

/**
 * Every spec's definition, in file order. `lazy` (the default for the engine's own tables from dist/) answers
 * unchanged specs from the spec cache; `lazy: false` imports every module, as tools that inspect them need.
 */
export async function discoverTables(
  dir: string = TABLES_DIR,
  options: { lazy?: boolean } = {},
): Promise<DiscoveryResult> {
  const files = specFiles(dir);
  const cache = lazyHere(dir, options.lazy) ? new SpecCache(dir) : undefined;
  const result = await loadDefinitions(files, cache, true);
  cache?.save(files);
  return result;
}

const requireSpec = createRequire(import.meta.url);

/**
 * discoverTables() for the engine's own tables, synchronously (only from dist/, where on-demand.ts's LOADS_ON_DEMAND
 * holds): the engine runs it on first need, so a statement that names no table (`SELECT 1`) never pays for it. A
 * spec module that cannot be required (top-level await) is a failure, as one that cannot be imported.
 */
export function discoverTablesSync(): DiscoveryResult {
  const files = specFiles(TABLES_DIR);
  const cache = new SpecCache(TABLES_DIR);
  const cached = files.map((file) => cache.lookup(file));
  const loaded = files.map((file, i): PromiseSettledResult<unknown> => {
    const hit = cached[i];
    if (hit !== undefined) return { status: 'fulfilled', value: hit };
    try {
      return { status: 'fulfilled', value: (requireSpec(file) as { default?: unknown }).default };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  });
  const result = collectDefinitions(files, loaded, cached, cache);
  cache.save(files);
  return result;
}

/**
 * `npm run build` (scripts/spec-cache.mjs): imports every spec and writes the spec cache beside them, readable by
 * all like the compiled specs, so an install that cannot write dist/ does not import every spec at each start.
 */
export async function writeBuildSpecCache(dir: string = TABLES_DIR): Promise<DiscoveryResult> {
  const files = specFiles(dir);
  const cache = new SpecCache(dir);
  const result = await loadDefinitions(files, cache, false);
  cache.save(files, { mode: 0o644 });
  return result;
}

/** Each file's definition, from the cache when `answerFromCache` and it knows the file; imported ones are remembered. */
async function loadDefinitions(
  files: readonly string[],
  cache: SpecCache | undefined,
  answerFromCache: boolean,
): Promise<DiscoveryResult> {
  const cached = files.map((file) => (answerFromCache ? cache?.lookup(file) : undefined));
  const loaded = await Promise.allSettled(
    files.map(
      async (file, i) => cached[i] ?? ((await import(pathToFileURL(file).href)) as { default?: unknown }).default,
    ),
  );
  return collectDefinitions(files, loaded, cached, cache);
}

/** The definitions loaded (in file order) and the failures; imported ones are remembered in the cache. */
function collectDefinitions(
  files: readonly string[],
  loaded: ReadonlyArray<PromiseSettledResult<unknown>>,
  cached: ReadonlyArray<TableDefinition | undefined>,
  cache: SpecCache | undefined,
): DiscoveryResult {
  const result: DiscoveryResult = { tables: [], failures: [] };
  loaded.forEach((outcome, i) => {
    const file = files[i] as string;
    if (outcome.status === 'rejected') {
      result.failures.push({ file, error: outcome.reason });
      return;
    }
    const def = outcome.value;
    if (!isTableDefinition(def)) {
      result.failures.push({ file, error: new Error('the module has no default export made by defineTable()') });
      return;
    }
    result.tables.push(def);
    if (cached[i] === undefined) cache?.remember(file, def);
  });
  return result;
}

function isTableDefinition(value: unknown): value is TableDefinition {
  const def = value as Partial<TableDefinition> | undefined;
  return typeof def?.name === 'string' && Array.isArray(def.columns) && typeof def.generate === 'function';
}
