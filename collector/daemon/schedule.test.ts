import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseCron } from '../config/cron.js';
import { machineShard, platformMatches, shardMatches, versionAtLeast } from './filters.js';
import { buildPacks } from './schedule.js';
import { deterministicSplay, splayedInterval } from './splay.js';

const ctx = { hostname: 'host-a', delimiter: '_', defaultInterval: 3600, warn: () => undefined };

test('platform strings follow checkPlatform substring rules', () => {
  for (const p of [
    undefined,
    '',
    'null',
    'linux',
    'ubuntu',
    'centos',
    'posix',
    'any',
    'all',
    'windows,linux',
    'darwin,posix',
  ]) {
    assert.equal(platformMatches(p), true, String(p));
  }
  for (const p of ['darwin', 'windows', 'gentoo', 'freebsd']) assert.equal(platformMatches(p), false, p);
  assert.equal(platformMatches('posix', 'windows'), false);
});

test('version is a minimum osquery version', () => {
  assert.equal(versionAtLeast('1.4.5'), true);
  assert.equal(versionAtLeast('5.23.0'), true);
  assert.equal(versionAtLeast('5.24.0'), false);
  assert.equal(versionAtLeast('99.0.0'), false);
  assert.equal(versionAtLeast(''), true);
});

test('machine shard is the first SHA1 byte of the hostname scaled to 0..100', () => {
  const byte = createHash('sha1').update('host-a').digest()[0] ?? 0;
  assert.equal(machineShard('host-a'), Math.floor((byte * 100) / 255));
  assert.equal(shardMatches(100, 'host-a'), true);
  assert.equal(shardMatches(undefined, 'host-a'), true);
  assert.equal(shardMatches(machineShard('host-a'), 'host-a'), true);
  if (machineShard('host-a') > 1) assert.equal(shardMatches(machineShard('host-a') - 1, 'host-a'), false);
});

test('schedule is pack main with bare names; pack queries are pack<d><pack><d><query>', () => {
  const packs = buildPacks(
    {
      schedule: { procs: { query: 'SELECT 1', interval: 10 } },
      packs: {
        'incident-response': {
          queries: { crontab: { query: 'SELECT 2', platform: 'posix' }, mac: { query: 'x', platform: 'darwin' } },
        },
        mac_only: { platform: 'darwin', queries: { q: { query: 'SELECT 3' } } },
      },
    },
    { ...ctx, delimiter: '/' },
  );
  assert.deepEqual(
    packs.map((p) => [p.name, p.filtersPass, p.queries.map((q) => q.name)]),
    [
      ['main', true, ['procs']],
      ['incident-response', true, ['pack/incident-response/crontab']],
      ['mac_only', false, ['pack/mac_only/q']],
    ],
  );
  assert.equal(packs[1]?.queries[0]?.interval, 3600, 'default interval');
});

test('reserved names and bad intervals are skipped with a warning', () => {
  const warnings: string[] = [];
  const packs = buildPacks(
    {
      schedule: {
        'query.x': { query: 'SELECT 1' },
        my_counter: { query: 'SELECT 1' },
        zero: { query: 'SELECT 1', interval: 0 },
        ok: { query: 'SELECT 1' },
      },
    },
    { ...ctx, warn: (m) => warnings.push(m) },
  );
  assert.deepEqual(
    packs[0]?.queries.map((q) => q.name),
    ['ok'],
  );
  assert.equal(warnings.length, 3);
});

test('splay is deterministic per host and query, within ±percent, and stored as interval:splay', () => {
  const a = deterministicSplay(3600, 10, 'host-a', 'q');
  assert.equal(a, deterministicSplay(3600, 10, 'host-a', 'q'));
  assert.ok(a >= 3240 && a <= 3960);
  const spread = new Set(Array.from({ length: 50 }, (_, i) => deterministicSplay(3600, 10, `host-${i}`, 'q')));
  assert.ok(spread.size > 10, 'different hosts get different splays');
  const kv = new Map<string, string>();
  const store = { get: (k: string) => kv.get(k), set: (k: string, v: string) => void kv.set(k, v) };
  kv.set('interval.q', '3600:3333');
  assert.equal(
    splayedInterval(store, { name: 'q', interval: 3600 }, 10, 'host-a'),
    3333,
    'reused while the interval is unchanged',
  );
  const fresh = splayedInterval(store, { name: 'q', interval: 60 }, 10, 'host-a');
  assert.equal(kv.get('interval.q'), `60:${fresh}`);
  assert.equal(deterministicSplay(1, 10, 'h', 'q'), 1);
});

test('cron expressions match UTC seconds of the tick clock', () => {
  const every5 = parseCron('*/5 * * * *');
  assert.equal(every5.matches(Date.UTC(2026, 0, 1, 10, 15, 0) / 1000), true);
  assert.equal(every5.matches(Date.UTC(2026, 0, 1, 10, 15, 1) / 1000), false);
  assert.equal(every5.matches(Date.UTC(2026, 0, 1, 10, 16, 0) / 1000), false);
  const weekdays = parseCron('30 9 * * mon-fri');
  assert.equal(weekdays.matches(Date.UTC(2026, 10, 23, 9, 30) / 1000), true); // a Monday
  assert.equal(weekdays.matches(Date.UTC(2026, 10, 22, 9, 30) / 1000), false); // a Sunday
  const seconds = parseCron('*/10 * * * * *');
  assert.equal(seconds.matches(Date.UTC(2026, 0, 1, 0, 0, 20) / 1000), true);
  assert.throws(() => parseCron('* * *'), /expected 5 or 6 fields/);
  assert.throws(() => parseCron('0 25 * * *'), /outside 0-23/);
});
