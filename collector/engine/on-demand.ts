/**
 * Engine modules that a statement naming no table (`SELECT 1`) never uses: table discovery (and the spec cache), the
 * scan machinery, osquery's extra SQL functions. From dist/, where Node can require() ES modules, each loads
 * synchronously on first use (the engine needs them inside query(), which is synchronous); under tsx or an older
 * Node, preload() imports them all when the engine is created, as a static import did. Either way a module is the
 * same instance as an import() of it would give (require and import share Node's cache).
 */
import { requireFrom } from '../../common/load-module.js';
import type * as DiscoveryModule from './discovery.js';
import type * as FunctionsModule from './functions/index.js';
import type * as ScanModule from './scan.js';

interface OnDemandModules {
  discovery: typeof DiscoveryModule;
  functions: typeof FunctionsModule;
  scan: typeof ScanModule;
}

const SPECIFIERS: Record<keyof OnDemandModules, string> = {
  discovery: './discovery.js',
  functions: './functions/index.js',
  scan: './scan.js',
};

const requireHere = requireFrom(import.meta.url);

/** Whether the modules load on first use here (from dist/), so the engine can put off the work that needs them. */
export const LOADS_ON_DEMAND = requireHere !== undefined;

const loaded: Partial<OnDemandModules> = {};

/** Imports every on-demand module where they cannot be required on first use. */
export async function preloadOnDemand(): Promise<void> {
  if (LOADS_ON_DEMAND) return;
  const [discovery, functions, scan] = await Promise.all([
    import('./discovery.js'),
    import('./functions/index.js'),
    import('./scan.js'),
  ]);
  Object.assign(loaded, { discovery, functions, scan });
}

export function onDemand<K extends keyof OnDemandModules>(name: K): OnDemandModules[K] {
  const have = loaded[name];
  if (have !== undefined) return have;
  if (requireHere === undefined) throw new Error(`The engine module ${SPECIFIERS[name]} was not preloaded.`);
  const module = requireHere(SPECIFIERS[name]) as OnDemandModules[K];
  loaded[name] = module;
  return module;
}
