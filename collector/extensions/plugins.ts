/**
 * In-process extensions: a JavaScript module (`--extension PATH.mjs`, or a `.js`/`.mjs` line of the
 * --extensions_autoload file) that adds tables (the same spec as built-in tables), logger plugins and config
 * plugins. The module's default export is the plugin, or a function given the spec helpers that returns it:
 *
 *   export default ({ defineTable, col }) => ({
 *     name: 'hello', version: '1.0.0',
 *     tables: [defineTable({ name: 'hello', description: '…', platforms: ['linux'], columns: [col('greeting', 'TEXT', '…')],
 *                            generate: () => [{ greeting: 'hello' }] })],
 *   });
 *
 * A plugin that fails to load, or a table whose generator throws, is reported and contained: Osprey keeps running.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OspreyError, messageOf } from '../../common/errors.js';
import type { Generator, TableDefinition } from '../engine/spec.js';
import { col, defineTable } from '../engine/spec.js';
import type { LoggerPluginFactory } from '../loggers/types.js';

/** osquery's config plugin: genConfig returns config sources (name → JSON text), merged like config files. */
export interface ConfigPlugin {
  genConfig(): Record<string, string> | Promise<Record<string, string>>;
}

export interface OspreyPlugin {
  readonly name: string;
  readonly version?: string;
  readonly tables?: readonly TableDefinition[];
  readonly loggers?: Readonly<Record<string, LoggerPluginFactory>>;
  readonly configs?: Readonly<Record<string, ConfigPlugin>>;
}

export const PLUGIN_API = { defineTable, col } as const;
export type PluginApi = typeof PLUGIN_API;

export interface LoadedPlugin extends OspreyPlugin {
  readonly path: string;
  readonly tables: readonly TableDefinition[];
}

/** Whether a path names an in-process (JavaScript) extension rather than an executable. */
export function isModulePath(path: string): boolean {
  return /\.(mjs|cjs|js)$/.test(path);
}

/** Imports and checks a plugin module; a failure is an OspreyError naming the file. */
export async function loadPluginModule(path: string, report: (message: string) => void): Promise<LoadedPlugin> {
  const full = isAbsolute(path) ? path : resolve(path);
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(full).href)) as { default?: unknown }).default;
    if (typeof exported === 'function') exported = (exported as (api: PluginApi) => unknown)(PLUGIN_API);
  } catch (err) {
    throw new OspreyError('CONFIG_INVALID', `Extension ${full} failed to load: ${messageOf(err)}`, {
      cause: err,
      retriable: false,
    });
  }
  const plugin = exported as Partial<OspreyPlugin> | undefined;
  if (typeof plugin?.name !== 'string' || plugin.name === '') {
    throw new OspreyError(
      'CONFIG_INVALID',
      `Extension ${full} has no default export with a name (see examples/extensions/).`,
      {
        retriable: false,
      },
    );
  }
  const tables = (plugin.tables ?? []).map((spec) =>
    containedTable(checkedTable(spec, full), plugin.name ?? '', report),
  );
  return { ...plugin, name: plugin.name, path: full, tables };
}

function checkedTable(spec: unknown, file: string): TableDefinition {
  const def = spec as Partial<TableDefinition> | undefined;
  if (typeof def?.name !== 'string' || !Array.isArray(def.columns) || typeof def.generate !== 'function') {
    throw new OspreyError('CONFIG_INVALID', `Extension ${file} has a table that is not a defineTable() spec.`, {
      retriable: false,
    });
  }
  try {
    return defineTable(def as TableDefinition);
  } catch (err) {
    throw new OspreyError('CONFIG_INVALID', `Extension ${file} table ${def.name}: ${messageOf(err)}`, {
      cause: err,
      retriable: false,
    });
  }
}

/** The table with a generator whose failure ends that scan with the rows so far and a report, never the query. */
function containedTable(def: TableDefinition, plugin: string, report: (message: string) => void): TableDefinition {
  const inner: Generator = def.generate;
  const generate: Generator = function* (ctx) {
    try {
      yield* inner(ctx);
    } catch (err) {
      report(`Table ${def.name} of extension ${plugin} failed: ${messageOf(err)}`);
    }
  };
  return Object.freeze({ ...def, generate });
}
