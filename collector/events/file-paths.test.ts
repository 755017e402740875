import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ACCESS_MASK, DEFAULT_MASK, globMatcher, planFileWatches } from './file-paths.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-file-paths-'));
after(() => rmSync(root, { recursive: true, force: true }));
for (const dir of ['home/ann/.ssh', 'home/bob/.ssh', 'etc/app', 'tree/a/b'])
  mkdirSync(join(root, dir), { recursive: true });
writeFileSync(join(root, 'etc/app/app.conf'), 'x');

describe('planFileWatches', () => {
  it('watches a plain directory’s entries, and a file through its directory', () => {
    const plan = planFileWatches({ file_paths: { etc: [`${root}/etc/app`, `${root}/etc/app/app.conf`] } });
    const [dir, file] = plan.subscriptions;
    assert.deepEqual(dir?.roots, [`${root}/etc/app/`]);
    assert.ok(dir?.matches(`${root}/etc/app/new.conf`));
    assert.ok(!dir?.matches(`${root}/etc/app/sub/deeper`));
    assert.deepEqual(file?.roots, [`${root}/etc/app/`]);
    assert.ok(file?.matches(`${root}/etc/app/app.conf`));
    assert.ok(!file?.matches(`${root}/etc/app/other.conf`));
  });

  it('turns % in the last component into a name filter and %% into a recursive watch', () => {
    const plan = planFileWatches({ file_paths: { conf: [`${root}/etc/app/%.conf`], tree: [`${root}/tree/%%`] } });
    const [leaf, tree] = plan.subscriptions;
    assert.deepEqual(leaf?.roots, [`${root}/etc/app/`]);
    assert.ok(leaf?.matches(`${root}/etc/app/x.conf`));
    assert.ok(!leaf?.matches(`${root}/etc/app/x.txt`));
    assert.equal(tree?.recursive, true);
    assert.deepEqual(tree?.roots, [`${root}/tree/`]);
    assert.ok(tree?.matches(`${root}/tree/a/b/c.txt`));
    assert.ok(!tree?.matches(`${root}/treehouse`));
  });

  it('resolves a wildcard in the stem to the directories that exist now', () => {
    const plan = planFileWatches({ file_paths: { keys: [`${root}/home/%/.ssh/`] } });
    const [keys] = plan.subscriptions;
    assert.deepEqual([...(keys?.roots ?? [])].sort(), [`${root}/home/ann/.ssh`, `${root}/home/bob/.ssh`]);
    assert.ok(keys?.matches(`${root}/home/ann/.ssh/authorized_keys`));
    assert.ok(!keys?.matches(`${root}/home/ann/.ssh/x/y`));
  });

  it('adds open and access events for file_accesses categories; exclude_paths counts only known categories', () => {
    const plan = planFileWatches({
      file_paths: { tree: [`${root}/tree/%%`], etc: [`${root}/etc/app/`] },
      file_accesses: ['etc'],
      exclude_paths: { tree: [`${root}/tree/a/`], unknown: [`${root}/etc/%`] },
    });
    assert.equal(plan.subscriptions[0]?.mask, DEFAULT_MASK);
    assert.equal(plan.subscriptions[1]?.mask, DEFAULT_MASK | ACCESS_MASK);
    assert.ok(plan.excluded(`${root}/tree/a`));
    assert.ok(plan.excluded(`${root}/tree/a/b/c.txt`));
    assert.ok(!plan.excluded(`${root}/tree/ab`));
    assert.ok(!plan.excluded(`${root}/etc/app/app.conf`), 'exclude_paths of a category without file_paths is ignored');
  });

  it('reports relative patterns instead of watching them', () => {
    const plan = planFileWatches({ file_paths: { bad: ['relative/%'] } });
    assert.equal(plan.subscriptions.length, 0);
    assert.match(plan.problems[0] ?? '', /file_paths\.bad: relative\/% is not an absolute path/);
  });

  it('matches like fnmatch(pattern*, FNM_PATHNAME | FNM_CASEFOLD)', () => {
    assert.ok(globMatcher('/etc/*.conf', false).test('/ETC/a.conf'));
    assert.ok(!globMatcher('/etc/*', false).test('/etc/a/b'));
    assert.ok(globMatcher('/home/*/src/', true).test('/home/x/src/deep/file'));
  });
});
