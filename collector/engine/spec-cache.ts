/**
 * Start-up cost: importing every table spec imports every table implementation (about 200 modules, most of the
 * shell's start-up). This cache keeps each spec's declaration (everything but the generator) in one JSON file beside
 * the compiled specs, keyed by the spec file's size and mtime, so the engine registers tables from it and loads a
 * table's module only when a query first scans it (synchronously, through require(esm): scans run inside SQLite).
 * A spec that is new, changed (tsc rewrites every file, so a rebuild refreshes all), or not plain data is imported
 * as before and the cache is rewritten. Used only from dist/ and only where require(esm) exists (Node ≥ 20.19).
 *
 * `npm run build` writes the cache (scripts/spec-cache.mjs), so an install that cannot write dist/ starts fast too.
 * mtimes are compared to the whole second: copies that keep timestamps (cpSync, tar, dpkg) keep no more.
 */
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type { Generator, TableDefinition, TableSpec } from './spec.js';

interface CacheEntry {
  readonly size: number;
  /** Whole seconds. */
  readonly mtime: number;
  readonly spec: TableSpec;
}

interface CacheFile {
  readonly version: number;
  readonly entries: Record<string, CacheEntry>;
}

const CACHE_VERSION = 2;
export const CACHE_NAME = '.spec-cache.json';

/** The first-run cache is private like every file Osprey writes at run time. */
const RUNTIME_MODE = 0o600;

export class SpecCache {
  private readonly path: string;
  private readonly entries: Record<string, CacheEntry>;
  private changed = false;

  constructor(private readonly dir: string) {
    this.path = join(dir, CACHE_NAME);
    this.entries = readCache(this.path);
  }

  /** The spec's path below the cache's folder (string slicing: path.relative costs at every start-up). */
  private keyOf(file: string): string {
    const prefix = `${this.dir}${sep}`;
    return file.startsWith(prefix) ? file.slice(prefix.length) : relative(this.dir, file);
  }

  /** The cached declaration of a spec file, as a definition whose generator loads the module on first scan. */
  lookup(file: string): TableDefinition | undefined {
    const entry = this.entries[this.keyOf(file)];
    if (entry === undefined) return undefined;
    const stat = statOf(file);
    if (stat === undefined || stat.size !== entry.size || stat.mtime !== entry.mtime) return undefined;
    return lazyDefinition(entry.spec, file);
  }

  /** Records a definition imported the slow way; definitions that are not plain data are left uncached. */
  remember(file: string, def: TableDefinition): void {
    const stat = statOf(file);
    const spec = plainSpec(def);
    if (stat === undefined || spec === undefined) return;
    this.entries[this.keyOf(file)] = { size: stat.size, mtime: stat.mtime, spec };
    this.changed = true;
  }

  /**
   * Drops entries of spec files that are gone, then writes the cache if anything changed (atomically; best effort).
   * `mode` is 0600 unless the build writes it (0644, like the compiled specs it describes: another user's shell
   * reads it too).
   */
  save(files: readonly string[], { mode = RUNTIME_MODE }: { mode?: number } = {}): void {
    const present = new Set(files.map((file) => this.keyOf(file)));
    for (const key of Object.keys(this.entries)) {
      if (!present.has(key)) {
        delete this.entries[key];
        this.changed = true;
      }
    }
    if (!this.changed) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      // At run time private (0600): another user's shell then falls back to importing every spec.
      writeFileSync(temporary, JSON.stringify({ version: CACHE_VERSION, entries: this.entries } satisfies CacheFile), {
        mode,
      });
      chmodSync(temporary, mode); // the umask narrows writeFileSync's mode
      renameSync(temporary, this.path);
    } catch {
      // A read-only install still works: it imports every spec at start-up, as without the cache.
    }
  }
}

function readCache(path: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    return parsed.version === CACHE_VERSION && parsed.entries ? { ...parsed.entries } : {};
  } catch {
    return {};
  }
}

function statOf(file: string): { size: number; mtime: number } | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat === undefined ? undefined : { size: stat.size, mtime: Math.floor(stat.mtimeMs / 1000) };
  } catch {
    return undefined;
  }
}

/** The definition without its generator, if a JSON round trip keeps everything else exactly. */
function plainSpec(def: TableDefinition): TableSpec | undefined {
  const rest: Record<string, unknown> = { ...def };
  delete rest.generate;
  const text = JSON.stringify(rest);
  if (!sameData(JSON.parse(text) as unknown, rest)) return undefined;
  return JSON.parse(text) as TableSpec;
}

function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length || Array.isArray(a) !== Array.isArray(b)) return false;
  return keysA.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const requireModule = createRequire(import.meta.url);

function lazyDefinition(spec: TableSpec, file: string): TableDefinition {
  let generator: Generator | undefined;
  const generate: Generator = (ctx) => {
    generator ??= loadGenerator(file, spec.name);
    return generator(ctx);
  };
  return Object.freeze({ ...spec, generate });
}

function loadGenerator(file: string, table: string): Generator {
  const def = (requireModule(file) as { default?: Partial<TableDefinition> }).default;
  if (def?.name !== table || typeof def.generate !== 'function') {
    throw new Error(`${file} no longer defines table ${table}; run the engine again to refresh the spec cache.`);
  }
  return def.generate;
}
