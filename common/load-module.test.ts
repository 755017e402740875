import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { moduleLoader } from './load-module.js';

describe('moduleLoader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-load-module-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'plain.js'), 'export const answer = 42;\n');
  writeFileSync(join(dir, 'waits.js'), 'export const answer = await Promise.resolve(43);\n');
  writeFileSync(join(dir, 'broken.js'), 'throw new Error("broken module");\n');
  const parent = pathToFileURL(join(dir, 'parent.js')).href;

  it('loads a module relative to its parent, the same instance import() gives', async () => {
    const loaded = await moduleLoader(parent)<{ answer: number }>('./plain.js');
    assert.equal(loaded.answer, 42);
    assert.equal(loaded, await import(new URL('./plain.js', parent).href));
  });

  it('loads a module with top-level await (by import())', async () => {
    assert.equal((await moduleLoader(parent)<{ answer: number }>('./waits.js')).answer, 43);
  });

  it("rejects with the module's own error", async () => {
    await assert.rejects(moduleLoader(parent)('./broken.js'), /broken module/);
  });

  it('loads from a TypeScript parent (tsx) by import()', async () => {
    const tsParent = pathToFileURL(join(dir, 'parent.ts')).href;
    assert.equal((await moduleLoader(tsParent)<{ answer: number }>('./plain.js')).answer, 42);
  });
});
