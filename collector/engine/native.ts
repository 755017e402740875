/**
 * The native half of the engine (native/*.c, built by node-gyp from binding.gyp at `npm install`). One shared object
 * is loaded twice: by Node (require) to receive the JS dispatcher, and by SQLite (db.loadExtension) to provide the
 * virtual-table module. Both loads share globals, so xFilter calls the dispatcher below synchronously.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OspreyError } from '../../common/errors.js';
import { fromRoot } from '../../common/paths.js';
import type { RowChunk } from './row-chunks.js';
import type { ConstraintOp, SqlValue } from './spec.js';

/** Runs one scan: constraints as flat [column, op, value, …] triples; returns the rows as row-chunks.ts's chunks. */
export type ScanHandler = (constraints: readonly SqlValue[], colUsedLow: number, colUsedHigh: number) => RowChunk[];

interface Addon {
  setDispatcher(fn: (id: number, constraints: SqlValue[], low: number, high: number) => RowChunk[]): void;
  takeRequiredFailure(): string | null;
  takePlannedTables(): string;
  allowInternal(allowed: boolean): void;
}

export const ADDON_PATH = fromRoot('build', 'Release', 'osprey.node');

const handlers = new Map<number, ScanHandler>();
let nextHandlerId = 1;
let addon: Addon | undefined;

function dispatch(id: number, constraints: SqlValue[], low: number, high: number): RowChunk[] {
  const handler = handlers.get(id);
  if (handler === undefined) throw new Error(`no generator is registered under id ${id}`);
  return handler(constraints, low, high);
}

/**
 * One export of the addon where a caller can do without it (a fallback, or nothing to do): undefined when the addon
 * is not built or was built before that export was added.
 */
export function optionalAddonExport<T>(name: string): T | undefined {
  try {
    return (createRequire(import.meta.url)(ADDON_PATH) as Record<string, unknown>)[name] as T | undefined;
  } catch {
    return undefined;
  }
}

/** Loads the addon once per process; fails with a clear error when `npm install` did not build it. */
export function loadAddon(): Addon {
  if (addon) return addon;
  if (!existsSync(ADDON_PATH)) {
    throw new OspreyError(
      'INTERNAL',
      `The native SQL engine is not built (${ADDON_PATH} is missing): run npm install.`,
    );
  }
  const loaded = createRequire(import.meta.url)(ADDON_PATH) as Addon;
  loaded.setDispatcher(dispatch);
  addon = loaded;
  return loaded;
}

export function addHandler(handler: ScanHandler): number {
  const id = nextHandlerId++;
  handlers.set(id, handler);
  return id;
}

export function removeHandler(id: number): void {
  handlers.delete(id);
}

/** The table whose every plan lacked a required column since the last call (then cleared). */
export function takeRequiredFailure(): string | null {
  return addon?.takeRequiredFailure() ?? null;
}

/**
 * Runs engine-internal SQL (osprey_register_table / osprey_unregister_table): the native authorizer refuses those
 * functions to every other statement, so a query from a server or a pack cannot add or drop tables.
 */
export function internalCall<T>(work: () => T): T {
  const native = loadAddon();
  native.allowInternal(true);
  try {
    return work();
  } finally {
    native.allowInternal(false);
  }
}

/** Tables SQLite planned a scan of since the last call (then cleared). */
export function takePlannedTables(): string[] {
  const names = addon?.takePlannedTables() ?? '';
  return names === '' ? [] : names.slice(0, -1).split('\n');
}

/** SQLITE_INDEX_CONSTRAINT_* codes the module pushes down. */
export const OP_NAMES: ReadonlyMap<number, ConstraintOp> = new Map<number, ConstraintOp>([
  [2, '='],
  [4, '>'],
  [8, '<='],
  [16, '<'],
  [32, '>='],
  [64, 'MATCH'],
  [65, 'LIKE'],
  [66, 'GLOB'],
  [67, 'REGEXP'],
  [68, '!='],
  [69, 'ISNOT'],
  [72, 'IS'],
]);
