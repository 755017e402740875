import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genNpmPackages, packageRow } from './npm_packages.js';

function run(constraints: Constraint[]): Row[] {
  return [...genNpmPackages(createQueryContext({ table: 'npm_packages', constraints }))];
}

function writePackage(dir: string, manifest: object): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
}

describe('npm_packages', () => {
  const project = mkdtempSync(join(tmpdir(), 'osprey-npm-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  writePackage(join(project, 'node_modules', 'left-pad'), {
    name: 'left-pad',
    version: '1.3.0',
    author: { name: 'azer' },
    license: 'WTFPL',
  });
  writePackage(join(project, 'node_modules', '@scope', 'util'), {
    name: '@scope/util',
    version: '2.0.0',
    license: { url: 'http://l' },
  });
  writePackage(join(project, 'node_modules', 'left-pad', 'node_modules', 'inner'), { name: 'inner', version: '0.1.0' });
  mkdirSync(join(project, 'node_modules', 'broken'));
  writeFileSync(join(project, 'node_modules', 'broken', 'package.json'), '{not json');
  // A symlink loop must not make the walk endless.
  symlinkSync(
    join(project, 'node_modules', 'left-pad'),
    join(project, 'node_modules', 'left-pad', 'node_modules', 'loop'),
  );

  it('finds direct, scoped and nested packages with their depth', () => {
    const rows = run([{ column: 'directory', op: '=', value: project }]);
    // Through the loop the same packages reappear deeper, as in osquery; the first sighting has the real depth.
    const byName = new Map([...rows].reverse().map((r) => [r.name, r]));
    assert.deepEqual(
      [byName.get('left-pad')?.depth, byName.get('@scope/util')?.depth, byName.get('inner')?.depth],
      [0, 0, 1],
    );
    assert.equal(byName.get('left-pad')?.author, 'azer');
    assert.equal(byName.get('@scope/util')?.license, 'http://l');
    assert.ok(rows.every((r) => r.directory === project && r.max_depth === 100));
    assert.ok(
      rows.some((r) => String(r.path).endsWith('broken/package.json') && r.name === undefined),
      'a broken manifest still has a row, as in osquery',
    );
  });

  it('honours max_depth', () => {
    const rows = run([
      { column: 'directory', op: '=', value: project },
      { column: 'max_depth', op: '=', value: 0 },
    ]);
    assert.ok(rows.every((r) => r.depth === 0));
    assert.ok(!rows.some((r) => r.name === 'inner'));
  });

  it('keeps only string fields', () => {
    assert.deepEqual(packageRow({ name: 'x', version: 3, author: 'me' }), { name: 'x', version: '', author: 'me' });
  });

  it('agrees with npm ls -g on the global packages', (t) => {
    const ls = spawnSync('npm', ['ls', '-g', '--depth=0', '--json'], { encoding: 'utf8' });
    if (ls.error || !ls.stdout) return t.skip('npm is not available: cross-check skipped');
    const root = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
    const deps = (JSON.parse(ls.stdout) as { dependencies?: Record<string, { version: string }> }).dependencies ?? {};
    const rows = run([
      { column: 'directory', op: '=', value: root.replace(/\/node_modules$/, '') },
      { column: 'max_depth', op: '=', value: 0 },
    ]);
    for (const [name, info] of Object.entries(deps)) {
      assert.equal(rows.find((r) => r.name === name)?.version, info.version, name);
    }
  });
});
