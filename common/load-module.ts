/**
 * Loads a module that only some runs need (a command, the SQL engine), relative to the module asking. From dist/ on
 * a Node that can require() ES modules, synchronously: import() reads each file of the graph through fs/promises in
 * a chain of event-loop turns, which costs a one-shot `osprey shell "SELECT 1"` about 5% of its start-up
 * (bench/shell.bench.ts). Under tsx (TypeScript sources), on an older Node, or for a module graph with top-level
 * await, it is import(). Either way the module is the same instance: require() and import() share Node's cache.
 */
import { createRequire } from 'node:module';

/** Whether this Node can load an ES module synchronously (unflagged in 20.19 and 22.12). */
export function requireModuleSupported(): boolean {
  return (process.features as { require_module?: boolean }).require_module === true;
}

/** A require() relative to `parentUrl` (the caller's import.meta.url) where it can load ES modules: from dist/. */
export function requireFrom(parentUrl: string): NodeJS.Require | undefined {
  return parentUrl.endsWith('.js') && requireModuleSupported() ? createRequire(parentUrl) : undefined;
}

/** A loader for specifiers relative to `parentUrl` (the caller's import.meta.url). */
export function moduleLoader(parentUrl: string): <T>(specifier: string) => Promise<T> {
  const requireHere = requireFrom(parentUrl);
  return async <T>(specifier: string): Promise<T> => {
    if (requireHere !== undefined) {
      try {
        return requireHere(specifier) as T;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ASYNC_MODULE') throw err;
      }
    }
    return (await import(new URL(specifier, parentUrl).href)) as T;
  };
}
