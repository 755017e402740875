import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createQueryContext } from './context.js';
import { discoverTables, writeBuildSpecCache } from './discovery.js';
import { requireModuleSupported } from '../../common/load-module.js';
import { CACHE_NAME, SpecCache } from './spec-cache.js';
import type { TableDefinition } from './spec.js';

const withoutGenerator = (def: TableDefinition): Record<string, unknown> => {
  const rest: Record<string, unknown> = { ...def };
  delete rest.generate;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
};

const specUrl = pathToFileURL(join(import.meta.dirname, 'spec.js')).href;

/** A spec module in its own file, as the engine's discovery finds them; `marker` is the value its one row carries. */
function writeSpec(file: string, marker: string): void {
  writeFileSync(
    file,
    `import { col, defineTable } from ${JSON.stringify(specUrl)};\n` +
      `export default defineTable({ name: 'cache_probe', description: 'probe', platforms: ['linux'],\n` +
      `  columns: [col('marker', 'TEXT', 'which module answered')], generate: () => [{ marker: ${JSON.stringify(marker)} }] });\n`,
  );
}

describe('spec cache', { skip: !requireModuleSupported() && 'this Node cannot require() ES modules' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-spec-cache-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers an unchanged spec from the cache, loading its module only when the generator runs', async () => {
    const file = join(dir, 'probe.table.js');
    writeSpec(file, 'first');
    const imported = ((await import(pathToFileURL(file).href)) as { default: TableDefinition }).default;
    const cache = new SpecCache(dir);
    assert.equal(cache.lookup(file), undefined, 'nothing is cached yet');
    cache.remember(file, imported);
    cache.save([file]);
    assert.equal(statSync(join(dir, CACHE_NAME)).mode & 0o777, 0o600, 'written at run time, the cache is private');

    const lazy = new SpecCache(dir).lookup(file);
    assert.ok(lazy, 'the saved cache answers for the file');
    assert.deepEqual(withoutGenerator(lazy), withoutGenerator(imported));
    assert.notEqual(lazy.generate, imported.generate);
    assert.deepEqual([...lazy.generate(createQueryContext({ table: 'cache_probe' }))], [{ marker: 'first' }]);
  });

  it('ignores the entry of a spec file whose mtime changed', () => {
    const file = join(dir, 'probe.table.js');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(new SpecCache(dir).lookup(file), undefined);
  });

  it('drops entries of spec files that are gone', () => {
    const cache = new SpecCache(dir);
    cache.save([]);
    assert.equal(new SpecCache(dir).lookup(join(dir, 'probe.table.js')), undefined);
  });

  it('is written at build time for every spec, readable by all, and answers a copy that kept its timestamps', async () => {
    const built = join(dir, 'built');
    mkdirSync(built);
    const file = join(built, 'probe.table.js');
    writeSpec(file, 'built');
    const { tables, failures } = await writeBuildSpecCache(built);
    assert.deepEqual(failures, []);
    assert.deepEqual(
      tables.map((t) => t.name),
      ['cache_probe'],
    );
    assert.equal(statSync(join(built, CACHE_NAME)).mode & 0o777, 0o644, 'other users read the installed cache');
    // npm run package copies dist/ with its timestamps (whole seconds survive tar and dpkg).
    const installed = join(dir, 'installed');
    cpSync(built, installed, { recursive: true, preserveTimestamps: true });
    const lazy = new SpecCache(installed).lookup(join(installed, 'probe.table.js'));
    assert.ok(lazy, 'the copied cache answers for the copied spec');
    assert.deepEqual(withoutGenerator(lazy), withoutGenerator(tables[0] as TableDefinition));
    assert.deepEqual([...lazy.generate(createQueryContext({ table: 'cache_probe' }))], [{ marker: 'built' }]);
  });

  it("gives the engine's tables the same declarations as importing every spec", async () => {
    const eager = await discoverTables(undefined, { lazy: false });
    await discoverTables(); // writes the cache if it is missing or stale
    const lazy = await discoverTables();
    assert.deepEqual(lazy.failures, []);
    assert.deepEqual(lazy.tables.map(withoutGenerator), eager.tables.map(withoutGenerator));
  });
});
