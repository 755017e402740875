import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../engine/context.js';
import type { Constraint, Row } from '../engine/spec.js';
import { Flags } from '../flags/flags.js';
import { expiryCutoff, timeBounds } from './store-bounds.js';
import { EventStore } from './store.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-event-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

function flags(values: Record<string, string> = {}): Flags {
  const f = new Flags();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

function read(store: EventStore, table: string, constraints: Constraint[] = []): Row[] {
  return [...store.select(table, createQueryContext({ table, constraints }))];
}

const paths = (rows: Row[]): unknown[] => rows.map((r) => r.target_path);

describe('EventStore', () => {
  it('stamps time and a 10-digit eid, keeps subscribers apart, and returns the whole buffer outside a schedule', () => {
    let now = 1000;
    const store = new EventStore({ flags: flags(), now: () => now });
    store.add('file_events', [{ target_path: '/a' }, { target_path: '/b', inode: 12n }]);
    now = 1005;
    store.add('process_events', [{ pid: 1 }]);
    store.add('file_events', [{ target_path: '/c', time: 990 }]);
    const rows = read(store, 'file_events');
    assert.deepEqual(paths(rows), ['/a', '/b', '/c']);
    assert.deepEqual(
      rows.map((r) => r.time),
      [1000, 1000, 990],
    );
    assert.deepEqual(
      rows.map((r) => r.eid),
      ['0000000001', '0000000002', '0000000004'],
    );
    assert.equal(rows[1]?.inode, '12');
    assert.deepEqual(
      read(store, 'process_events').map((r) => r.pid),
      [1],
    );
    assert.deepEqual(read(store, 'file_events'), rows, 'the shell reads the whole buffer every time');
    assert.deepEqual(store.counts('file_events'), { stored: 3, added: 3 });
    store.close();
  });

  it('bounds the scan by time constraints', () => {
    let now = 100;
    const store = new EventStore({ flags: flags(), now: () => now });
    for (const t of [100, 101, 102, 103]) {
      now = t;
      store.add('file_events', [{ target_path: `/t${t}` }]);
    }
    const c = (op: Constraint['op'], value: number): Constraint => ({ column: 'time', op, value });
    assert.deepEqual(paths(read(store, 'file_events', [c('>', 101)])), ['/t102', '/t103']);
    assert.deepEqual(paths(read(store, 'file_events', [c('>=', 101), c('<', 103)])), ['/t101', '/t102']);
    assert.deepEqual(paths(read(store, 'file_events', [c('=', 100)])), ['/t100']);
    assert.deepEqual(paths(read(store, 'file_events', [c('<=', 100)])), ['/t100']);
    store.close();
  });

  it('gives a scheduled query only events newer than its last committed read, per query, across a restart', () => {
    const file = join(root, 'optimize.sqlite');
    const open = (): { db: Database.Database; store: EventStore } => {
      const db = new Database(file);
      return { db, store: new EventStore({ db, flags: flags() }) };
    };
    let { db, store } = open();
    store.add('file_events', [{ target_path: '/1' }, { target_path: '/2' }]);
    store.beginQuery('fim');
    assert.deepEqual(paths(read(store, 'file_events')), ['/1', '/2']);
    store.finishQuery();
    store.add('file_events', [{ target_path: '/3' }]);
    store.beginQuery('fim');
    assert.deepEqual(paths(read(store, 'file_events')), ['/3']);
    store.abortQuery(); // the query failed: /3 stays unread for it
    store.beginQuery('other');
    assert.deepEqual(paths(read(store, 'file_events')), ['/1', '/2', '/3'], 'each query has its own cursor');
    store.finishQuery();
    store.add('file_events', [{ target_path: '/4' }]);
    store.close();
    db.close();

    ({ db, store } = open());
    store.add('file_events', [{ target_path: '/5' }]);
    store.beginQuery('fim');
    const again = read(store, 'file_events');
    assert.deepEqual(paths(again), ['/3', '/4', '/5'], 'a restart neither repeats nor loses events');
    assert.deepEqual(
      paths(read(store, 'file_events')),
      ['/3', '/4', '/5'],
      'a second read in the same run sees the same',
    );
    assert.ok(
      again.every((r, i, all) => i === 0 || String(r.eid) > String(all[i - 1]?.eid)),
      'eids keep increasing',
    );
    store.finishQuery();
    store.beginQuery('fim');
    assert.deepEqual(paths(read(store, 'file_events')), []);
    store.beginQuery('fim');
    const bounded = read(store, 'file_events', [{ column: 'time', op: '>=', value: 0 }]);
    assert.equal(bounded.length, 5, 'a time constraint reads the whole range, whatever the cursor');
    store.finishQuery();
    store.close();
    db.close();
  });

  it('expires events past events_expiry: in the shell relative to now', () => {
    let now = 10_000;
    const store = new EventStore({ flags: flags({ events_expiry: '60' }), now: () => now });
    store.add('file_events', [{ target_path: '/old' }]);
    now += 50;
    store.add('file_events', [{ target_path: '/new' }]);
    assert.deepEqual(paths(read(store, 'file_events')), ['/old', '/new']);
    now += 20; // /old is now 70 s old, /new 20 s
    assert.deepEqual(paths(read(store, 'file_events')), ['/new']);
    assert.equal(store.counts('file_events').stored, 1);
    store.close();
  });

  it('expires events in the daemon only once every scheduled reader has read, relative to the oldest read', () => {
    let now = 5000;
    const readers = ['a', 'b'];
    const store = new EventStore({ flags: flags({ events_expiry: '100' }), now: () => now, readers: () => readers });
    store.add('file_events', [{ target_path: '/early' }]);
    now = 5500;
    store.beginQuery('a');
    read(store, 'file_events');
    store.finishQuery();
    store.beginQuery('b');
    assert.deepEqual(paths(read(store, 'file_events')), ['/early'], 'b has not read yet, so nothing expired');
    store.finishQuery(); // both read at 5500: events before 5400 go
    store.beginQuery('c');
    assert.deepEqual(paths(read(store, 'file_events')), []);
    store.finishQuery();
    store.close();
  });

  it('keeps at most events_max rows per subscriber, dropping the oldest', () => {
    const store = new EventStore({ flags: flags({ events_max: '3' }) });
    store.add(
      'file_events',
      [1, 2, 3, 4, 5].map((n) => ({ target_path: `/${n}` })),
    );
    store.add('process_events', [{ pid: 1 }]);
    assert.deepEqual(paths(read(store, 'file_events')), ['/3', '/4', '/5']);
    assert.equal(read(store, 'process_events').length, 1);
    store.close();
  });
});

describe('store bounds', () => {
  it('ignores non-time and non-numeric constraints', () => {
    const bounds = timeBounds([
      { column: 'action', op: '=', value: 'CREATED' },
      { column: 'time', op: 'LIKE', value: '1%' },
      { column: 'time', op: '>', value: 'soon' },
    ]);
    assert.equal(bounds.constrained, false);
  });

  it('computes no cutoff while a reader has not read or expiry is 0', () => {
    assert.equal(expiryCutoff(['a', 'b'], [{ query: 'a', read_time: 50 }], 10), undefined);
    assert.equal(expiryCutoff(['a'], [{ query: 'a', read_time: 50 }], 0), undefined);
    assert.equal(
      expiryCutoff(
        ['a', 'b'],
        [
          { query: 'a', read_time: 50 },
          { query: 'b', read_time: 40 },
        ],
        10,
      ),
      30,
    );
  });
});
