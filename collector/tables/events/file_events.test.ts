/**
 * file_events end to end without a daemon: the event runtime with the real inotify publisher, the event store, and
 * the SQL engine, driven by real file operations in a temporary directory.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../../common/logger.js';
import { Engine } from '../../engine/engine.js';
import type { Row } from '../../engine/spec.js';
import { PUBLISHERS } from '../../events/publishers/registry.js';
import { EventRuntime } from '../../events/runtime.js';
import { EventStore } from '../../events/store.js';
import { Flags } from '../../flags/flags.js';
import { waitFor } from '../../../test/helpers/wait.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-file-events-'));
after(() => rmSync(root, { recursive: true, force: true }));
const watched = join(root, 'watched');
const single = join(root, 'single');
mkdirSync(join(watched, 'skip'), { recursive: true });
mkdirSync(single);

describe('file_events', () => {
  let config: Record<string, unknown> = {
    file_paths: { tree: [`${watched}/%%`], single: [`${single}/%`] },
    exclude_paths: { tree: [`${watched}/skip/`] },
    file_accesses: ['single'],
  };
  const flags = new Flags();
  flags.set('disable_events', 'false');
  flags.set('enable_file_events', 'true');
  const store = new EventStore({ flags });
  const runtime = new EventRuntime({
    flags,
    log: silentLogger(),
    sink: store,
    publishers: PUBLISHERS,
    config: () => config,
  });
  let engine: Engine;
  const rows = (sql: string): Row[] => engine.queryRows(sql);
  const has = (path: string, action: string): boolean =>
    rows(`SELECT 1 FROM file_events WHERE target_path = '${path}' AND action = '${action}'`).length > 0;

  before(async () => {
    engine = await Engine.create({ services: { flags, eventStore: store, events: { list: () => runtime.rows() } } });
    await runtime.start();
  });
  after(async () => {
    await runtime.stop();
    engine.close();
    store.close();
  });

  it('records create, update, attribute change and delete with osquery actions, stat columns and hashes', async () => {
    assert.deepEqual(runtime.states().inotify, { state: 'running', subscriptions: 2 });
    const file = join(watched, 'a.txt');
    writeFileSync(file, 'hello');
    await waitFor('the write', () => has(file, 'UPDATED'));
    appendFileSync(file, ' world');
    chmodSync(file, 0o600);
    unlinkSync(file);
    await waitFor('the delete', () => has(file, 'DELETED'));
    const actions = rows(`SELECT action FROM file_events WHERE target_path = '${file}'`).map((r) => r.action);
    assert.equal(actions[0], 'CREATED');
    for (const action of ['UPDATED', 'ATTRIBUTES_MODIFIED', 'DELETED']) assert.ok(actions.includes(action), action);
    const created = rows(
      `SELECT category, mode, size, md5, sha256, hashed, inode, time, eid FROM file_events
       WHERE target_path = '${file}' AND action = 'UPDATED' AND size = 5`,
    )[0];
    assert.equal(created?.category, 'tree');
    assert.equal(created?.sha256, createHash('sha256').update('hello').digest('hex'));
    assert.equal(created?.md5, createHash('md5').update('hello').digest('hex'));
    assert.equal(created?.hashed, 1);
    assert.match(String(created?.mode), /^0[0-7]{3}$/);
    assert.ok(Number(created?.inode) > 0 && Number(created?.time) > 0);
    assert.match(String(created?.eid), /^\d{10}$/);
    const deleted = rows(
      `SELECT hashed, inode FROM file_events WHERE target_path = '${file}' AND action = 'DELETED'`,
    )[0];
    assert.deepEqual(deleted, { hashed: 0, inode: null });
  });

  it('watches new subdirectories below %% and leaves excluded paths out', async () => {
    const sub = join(watched, 'new');
    mkdirSync(sub);
    await waitFor('the new directory', () => has(sub, 'CREATED'));
    const inner = join(sub, 'b.txt');
    writeFileSync(join(watched, 'skip', 'hidden.txt'), 'x'); // before the sentinel: inotify keeps the order
    writeFileSync(inner, 'b');
    await waitFor('a file in the new directory', () => has(inner, 'CREATED'));
    assert.equal(rows(`SELECT 1 FROM file_events WHERE target_path LIKE '${watched}/skip/%'`).length, 0);
  });

  it('gives file_accesses categories open and access events without hashing', async () => {
    const file = join(single, 'c.txt');
    writeFileSync(file, 'c');
    await waitFor('the open', () => has(file, 'OPENED'));
    const hashed = rows(`SELECT DISTINCT hashed FROM file_events WHERE target_path = '${file}'`).map((r) => r.hashed);
    assert.deepEqual(hashed, [0]);
  });

  it('re-resolves file_paths when the config changes', async () => {
    const other = join(root, 'other');
    mkdirSync(other);
    config = { file_paths: { other: [`${other}/`] } };
    await runtime.reconfigure();
    assert.deepEqual(runtime.states().inotify, { state: 'running', subscriptions: 1 });
    writeFileSync(join(watched, 'after.txt'), 'no longer watched');
    const file = join(other, 'd.txt');
    writeFileSync(file, 'd');
    await waitFor('a file in the new path', () => has(file, 'CREATED'));
    assert.equal(rows(`SELECT 1 FROM file_events WHERE target_path = '${join(watched, 'after.txt')}'`).length, 0);
    assert.equal(rows(`SELECT category FROM file_events WHERE target_path = '${file}'`)[0]?.category, 'other');
  });

  it('lists the publisher and its subscribers in osquery_events', () => {
    const events = rows('SELECT name, publisher, type, subscriptions, events, active FROM osquery_events');
    const inotify = events.find((r) => r.name === 'inotify');
    assert.deepEqual(
      { ...inotify, events: undefined },
      {
        name: 'inotify',
        publisher: 'inotify',
        type: 'publisher',
        subscriptions: 1,
        events: undefined,
        active: 1,
      },
    );
    assert.ok(Number(inotify?.events) > 0);
    const fileEvents = events.find((r) => r.name === 'file_events');
    assert.equal(fileEvents?.type, 'subscriber');
    assert.equal(fileEvents?.active, 1);
    assert.ok(Number(fileEvents?.events) > 0);
  });
});

describe('file_paths_query', () => {
  it('watches the paths its queries return, and reports a query that fails', async () => {
    const dir = join(root, 'queried');
    mkdirSync(dir);
    const flags = new Flags();
    flags.set('disable_events', 'false');
    flags.set('enable_file_events', 'true');
    const store = new EventStore({ flags });
    const engine = await Engine.create({ services: { flags, eventStore: store } });
    const lines: string[] = [];
    const runtime = new EventRuntime({
      flags,
      log: silentLogger(),
      sink: store,
      publishers: PUBLISHERS,
      query: (sql) => engine.queryRows(sql),
      config: () => ({ file_paths_query: { q: [`SELECT '${dir}/' AS path`, 'SELECT path FROM no_such_table'] } }),
      onStatus: (_severity, message) => lines.push(message),
    });
    try {
      await runtime.start();
      assert.ok(
        lines.some((l) => l.startsWith('file_paths_query.q failed; its paths are not watched: no such table')),
        lines.join('\n'),
      );
      const file = join(dir, 'q.txt');
      writeFileSync(file, 'q');
      await waitFor(
        'the event',
        () => engine.queryRows(`SELECT 1 FROM file_events WHERE target_path = '${file}' AND category = 'q'`).length > 0,
      );
    } finally {
      await runtime.stop();
      engine.close();
      store.close();
    }
  });
});

describe('file_events publisher states', () => {
  it('stays off without --enable_file_events, or with --disable_events, and says why', async () => {
    for (const [flag, value, reason] of [
      ['enable_file_events', 'false', '--enable_file_events is false'],
      ['disable_events', 'true', '--disable_events is true'],
    ] as const) {
      const flags = new Flags();
      flags.set('enable_file_events', 'true');
      flags.set('disable_events', 'false');
      flags.set(flag, value);
      const lines: string[] = [];
      const store = new EventStore({ flags });
      const runtime = new EventRuntime({
        flags,
        log: silentLogger(),
        sink: store,
        publishers: PUBLISHERS,
        config: () => ({ file_paths: { x: [`${root}/`] } }),
        onStatus: (_severity, message) => lines.push(message),
      });
      await runtime.start();
      assert.deepEqual(runtime.states().inotify, { state: 'disabled', reason });
      assert.ok(
        lines.some((l) => l.startsWith('Event publisher inotify is disabled') && l.includes(reason)),
        lines.join('\n'),
      );
      assert.equal(runtime.rows().find((r) => r.name === 'inotify')?.active, 0);
      await runtime.stop();
      store.close();
    }
  });
});
