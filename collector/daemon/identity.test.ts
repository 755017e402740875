import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Engine } from '../engine/engine.js';
import { Decorators } from './decorators.js';
import { daemonFlags, parseDaemonArgs } from './flags.js';
import { HostIdentity } from './identity.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-identity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function kv() {
  const map = new Map<string, string>();
  return {
    map,
    get: (k: string) => map.get(k),
    set: (k: string, v: string) => void map.set(k, v),
    delete: (k: string) => void map.delete(k),
  };
}

test('host_identifier: hostname, specified, instance (persisted), ephemeral (per process), uuid', () => {
  const store = kv();
  const flags = daemonFlags();
  const identity = new HostIdentity(store, flags);
  assert.equal(identity.identifier(), hostname());
  flags.set('host_identifier', 'specified');
  assert.equal(identity.identifier(), hostname(), 'empty specified_identifier falls back to the hostname');
  flags.set('specified_identifier', 'web-01');
  assert.equal(identity.identifier(), 'web-01');
  flags.set('host_identifier', 'instance');
  const instance = identity.identifier();
  assert.equal(store.map.get('instance_uuid_v1'), instance);
  assert.equal(new HostIdentity(store, flags).identifier(), instance, 'persisted across restarts');
  flags.set('host_identifier', 'ephemeral');
  assert.notEqual(new HostIdentity(store, flags).identifier(), new HostIdentity(store, flags).identifier());
  flags.set('host_identifier', 'uuid');
  assert.match(identity.identifier(), /^[0-9A-Fa-f-]{36}$/);
  flags.set('host_identifier', 'bogus');
  assert.equal(identity.identifier(), hostname());
});

test('--flagfile is read and the command line wins over it', () => {
  const flagfile = join(dir, 'osquery.flags');
  writeFileSync(flagfile, '# comment\n--logger_path=/from/flagfile\n--schedule_splay_percent=20\n');
  const flags = daemonFlags();
  parseDaemonArgs(flags, [`--flagfile=${flagfile}`, '--logger_path=/from/cli']);
  assert.equal(flags.get('logger_path'), '/from/cli');
  assert.equal(flags.getNumber('schedule_splay_percent'), 20);
});

test('decorators: load once, always before each query, interval on ticks divisible by 60 and its seconds', async () => {
  const engine = await Engine.create();
  try {
    const warnings: string[] = [];
    const decorators = new Decorators(
      engine,
      (m) => warnings.push(m),
      () => false,
    );
    decorators.configure({
      load: ["SELECT 'l' AS source, 'first' AS only_load"],
      always: ["SELECT 'a' AS source UNION ALL SELECT 'b'"],
      interval: { '120': ["SELECT 'i' AS source, 'yes' AS ticked"] },
    });
    assert.deepEqual(decorators.current(), { source: 'l', only_load: 'first' });
    decorators.runInterval(60);
    assert.equal(decorators.current().ticked, undefined, '60 is not a multiple of 120');
    decorators.runInterval(240);
    assert.deepEqual(decorators.current(), { source: 'i', only_load: 'first', ticked: 'yes' });
    decorators.runAlways();
    assert.equal(decorators.current().source, 'a', 'always wins; only the first row counts');
    assert.match(warnings[0] ?? '', /more than one row/);
    const off = new Decorators(
      engine,
      () => undefined,
      () => true,
    );
    off.configure({ load: ['SELECT 1 AS x'] });
    assert.deepEqual(off.current(), {}, '--disable_decorators');
  } finally {
    engine.close();
  }
});
