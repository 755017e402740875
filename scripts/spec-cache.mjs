#!/usr/bin/env node
// `npm run build`, after tsc: writes dist/collector/tables/.spec-cache.json (the table declarations, see
// collector/engine/spec-cache.ts), so `osprey shell` loads no table module it does not query even where dist/ is
// read-only (an installed package). A spec that fails to import is reported and left out, as the engine does.
import { writeBuildSpecCache } from '../dist/collector/engine/discovery.js';

const { tables, failures } = await writeBuildSpecCache();
for (const { file, error } of failures) {
  console.error(`spec cache: ${file} failed to load: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(`spec cache: ${tables.length} table specs`);
