import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { requireCommand } from '../helpers/system-tools.js';

const dir = fromRoot('deploy/prometheus');

test('alert rules pass promtool check and their unit tests', () => {
  const promtool = requireCommand('promtool', 'prometheus');
  const check = spawnSync(promtool, ['check', 'rules', 'osprey.rules.yml'], { cwd: dir, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /SUCCESS: \d+ rules found/);
  const unit = spawnSync(promtool, ['test', 'rules', 'osprey.rules.test.yml'], { cwd: dir, encoding: 'utf8' });
  assert.equal(unit.status, 0, unit.stdout + unit.stderr);
  assert.match(unit.stdout, /SUCCESS/);
});

test('a broken rule is caught by the same check', () => {
  const promtool = requireCommand('promtool', 'prometheus');
  const bad = spawnSync(promtool, ['check', 'rules'], {
    input: 'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m]) >\n',
    encoding: 'utf8',
  });
  assert.notEqual(bad.status, 0);
});
