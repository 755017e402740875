import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { Flags } from '../flags/flags.js';
import { loadConfigFile, loadConfigText } from './load.js';
import { stripConfigComments } from './text.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

test('comments and line continuations are stripped as osquery does', () => {
  const text =
    '{\n  # hash comment\n  // slash comment\n  "schedule": {"q": {"query": "SELECT \\\n1", "interval": 5}}\n}';
  assert.equal(JSON.parse(stripConfigComments(text)).schedule.q.query, 'SELECT 1');
  const loaded = loadConfigText(text, join(dir, 'inline.conf'));
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.config.schedule?.q?.interval, 5);
});

test('JSON syntax errors name the file, line and column', () => {
  const loaded = loadConfigText('{\n  "schedule": {,}\n}', '/etc/osquery/osquery.conf');
  assert.equal(loaded.errors.length, 1);
  assert.match(loaded.errors[0]?.message ?? '', /osquery\.conf: JSON syntax error at line 2 column 16/);
});

test('every type error carries its JSON path, and unknown keys only warn', () => {
  const loaded = loadConfigText(
    JSON.stringify({
      schedule: {
        a: { query: 'SELECT 1', interval: 'often' },
        b: { interval: 5 },
        c: { query: 'SELECT 1', color: 'red' },
      },
      packs: { 'my-pack': { queries: { x: { query: 'SELECT 1', snapshot: [] } } } },
      decorators: { always: 'SELECT 1' },
      surprise: true,
    }),
    join(dir, 'bad.conf'),
  );
  const errors = loaded.errors.map((e) => e.path).sort();
  assert.deepEqual(errors, [
    '$.decorators.always',
    '$.packs["my-pack"].queries.x.snapshot',
    '$.schedule.a.interval',
    '$.schedule.b.query',
  ]);
  const warnings = loaded.issues
    .filter((i) => i.severity === 'warning')
    .map((w) => w.path)
    .sort();
  assert.deepEqual(warnings, ['$.schedule.c.color', '$.surprise']);
});

test('options: CLI-only and unknown flags warn, wrong value types are errors, custom_ is free-form', () => {
  const loaded = loadConfigText(
    JSON.stringify({
      options: {
        logger_plugin: 'stdout',
        no_such_flag: 1,
        logger_event_type: 'maybe',
        custom_x: 'y',
        schedule_epoch: '3',
      },
    }),
    join(dir, 'options.conf'),
    { flags: new Flags() },
  );
  assert.deepEqual(loaded.issues.map((i) => `${i.severity} ${i.path}`).sort(), [
    'error $.options.logger_event_type',
    'warning $.options.logger_plugin',
    'warning $.options.no_such_flag',
  ]);
});

test('config_path.d/*.conf sources merge in order; packs load by path and by "*" glob', () => {
  write('packs/alpha.conf', JSON.stringify({ queries: { one: { query: 'SELECT 1', interval: '60' } } }));
  write(
    'packs/beta.conf',
    '// comment\n{"platform": "linux", "queries": {"two": {"query": "SELECT 2", "snapshot": "true"}}}',
  );
  write('named.conf', JSON.stringify({ discovery: ['SELECT 1'], queries: { three: { query: 'SELECT 3' } } }));
  const main = write(
    'osquery.conf',
    JSON.stringify({
      options: { schedule_epoch: 1 },
      schedule: { a: { query: 'SELECT 1' } },
      packs: { named: 'named.conf' },
    }),
  );
  write(
    'osquery.conf.d/10-more.conf',
    JSON.stringify({ options: { schedule_epoch: 2 }, packs: { '*': join(dir, 'packs', '*.conf') } }),
  );
  write(
    'osquery.conf.d/20-last.conf',
    JSON.stringify({ schedule: { b: { query: 'SELECT 2' } }, decorators: { load: ['SELECT 1 AS x'] } }),
  );
  write('osquery.conf.d/ignored.txt', '{');
  const loaded = loadConfigFile(main);
  assert.deepEqual(loaded.errors, []);
  assert.equal(loaded.config.options?.schedule_epoch, 2);
  assert.deepEqual(Object.keys(loaded.config.schedule ?? {}).sort(), ['a', 'b']);
  assert.deepEqual(Object.keys(loaded.config.packs).sort(), ['alpha', 'beta', 'named']);
  assert.equal(loaded.config.packs.alpha?.queries?.one?.interval, 60);
  assert.equal(loaded.config.packs.beta?.queries?.two?.snapshot, true);
  assert.deepEqual(loaded.config.packs.named?.discovery, ['SELECT 1']);
  assert.match(loaded.hash, /^[0-9a-f]{40}$/);
});

test('a missing pack file is an error at the pack entry', () => {
  const main = write('missing.conf', JSON.stringify({ packs: { gone: 'nowhere.conf' } }));
  const loaded = loadConfigFile(main);
  assert.equal(loaded.errors.length, 1);
  assert.equal(loaded.errors[0]?.path, '$.packs["gone"]');
  assert.match(loaded.errors[0]?.message ?? '', /nowhere\.conf/);
});

test('a missing config_path is one clear error', () => {
  const loaded = loadConfigFile(join(dir, 'does-not-exist.conf'));
  assert.equal(loaded.errors.length, 1);
  assert.match(loaded.errors[0]?.message ?? '', /Cannot read config_path .*does-not-exist\.conf/);
});

test('the bundled packs load without errors', () => {
  const main = write('bundled.conf', JSON.stringify({ packs: { '*': fromRoot('packs', '*.conf') } }));
  const loaded = loadConfigFile(main);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(Object.keys(loaded.config.packs).sort(), ['host-inventory', 'incident-response', 'it-compliance']);
  assert.equal(Object.keys(loaded.config.packs['host-inventory']?.queries ?? {}).length, 6);
});

test('an invalid cron expression is an error at its path', () => {
  const loaded = loadConfigText(
    JSON.stringify({ schedule: { c: { query: 'SELECT 1', cron: '61 * * * *' } } }),
    join(dir, 'cron.conf'),
  );
  assert.equal(loaded.errors[0]?.path, '$.schedule.c.cron');
});
