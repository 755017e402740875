/**
 * The daemon's config for `osprey run`: cli/run/osprey-run.conf (processes, sockets, listeners, users, packages) plus
 * the host inventory pack, every query with a startup priority so the first results arrive at once rather than an
 * interval later. Written privately into the data directory, where the user can edit it: an existing file is kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot, writePrivate } from '../../common/paths.js';

/** osquery configs allow `//` and `#` comment lines; JSON does not. */
function readOsqueryJson(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(#|\/\/)/.test(line))
    .join('\n');
  return JSON.parse(text) as Record<string, unknown>;
}

export function writeRunConfig(dataDir: string): string {
  const path = join(dataDir, 'osprey.conf');
  if (existsSync(path)) return path;
  const config = readOsqueryJson(fromRoot('cli/run/osprey-run.conf'));
  const inventory = readOsqueryJson(fromRoot('packs/host-inventory.conf')) as {
    queries: Record<string, Record<string, unknown>>;
  };
  for (const query of Object.values(inventory.queries)) query.startup_priority = 0;
  config.packs = { 'host-inventory': inventory };
  writePrivate(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
