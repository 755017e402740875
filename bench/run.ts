/**
 * `npm run bench`: runs every bench/*.bench.js module (or those whose names contain an argument) one after the
 * other and prints one table per module. Benchmarks are never part of `npm test`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatResults, type BenchModule } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const extension = import.meta.url.endsWith('.ts') ? '.bench.ts' : '.bench.js';

async function main(filters: string[]): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith(extension))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  for (const file of files) {
    const started = Date.now();
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
      const results = await mod.run();
      console.log(
        `${formatResults(file.replace(extension, ''), results)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    } catch (err) {
      console.log(`## ${file}\n\nFailed: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  }
}

await main(process.argv.slice(2));
