import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { StatusRecord } from '../loggers/types.js';
import { Denylist } from './denylist.js';
import { EXECUTING_QUERY_KEY } from './executor.js';
import { DaemonStore } from './store.js';
import { statusRecord as status } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('state and records commit together; seqs increase and are never reused', () => {
  const store = DaemonStore.open(join(dir, 'a'));
  try {
    assert.equal(statSync(store.path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'a')).mode & 0o777, 0o700);
    store.set(EXECUTING_QUERY_KEY, 'q');
    const [first] = store.commit(
      'q',
      { epoch: 0, counter: 0, rows: '{"a":"1"}' },
      [status('one')],
      EXECUTING_QUERY_KEY,
    );
    assert.equal(store.get(EXECUTING_QUERY_KEY), undefined, 'the marker is cleared in the same transaction');
    assert.deepEqual(store.previous('q'), { epoch: 0, counter: 0, rows: '{"a":"1"}' });
    store.commit('q', { epoch: 0, counter: 1 }, []);
    assert.equal(store.previous('q')?.rows, '{"a":"1"}', 'a state without rows keeps the stored rows');
    store.advance('filesystem', first ?? 0);
    assert.equal(store.prune(['filesystem']), 1);
    const [second] = store.append([status('two')]);
    assert.ok((second ?? 0) > (first ?? 0), 'AUTOINCREMENT never reuses a deleted seq');
    assert.deepEqual(
      store.pending(0, 10).map((r) => r.seq),
      [second],
    );
    store.advance('filesystem', 0);
    assert.equal(store.cursor('filesystem'), first, 'cursors never move back');
    store.append([status('3'), status('4'), status('5')]);
    assert.equal(store.trimQueue(2), 2);
    assert.deepEqual(
      store.pending(0, 10).map((r) => (r.payload as StatusRecord).message),
      ['4', '5'],
    );
  } finally {
    store.close();
  }
});

test('a second store on the same database_path is refused while the first is open', () => {
  const first = DaemonStore.open(join(dir, 'b'));
  try {
    assert.throws(
      () => DaemonStore.open(join(dir, 'b')),
      (err: Error & { code?: string }) => err.code === 'LOCKED',
    );
  } finally {
    first.close();
  }
  DaemonStore.open(join(dir, 'b')).close();
});

test('denylist entries expire; the interrupted query is taken once', () => {
  const store = DaemonStore.open(join(dir, 'c'));
  try {
    const denylist = new Denylist(store);
    denylist.add('slow', 1000, 60);
    assert.equal(denylist.has('slow', 1059), true);
    assert.equal(denylist.has('slow', 1060), false);
    assert.match(store.get('denylist') ?? '', /^slow:1060$/);
    store.set(EXECUTING_QUERY_KEY, 'crashy');
    assert.equal(denylist.takeInterruptedQuery(), 'crashy');
    assert.equal(denylist.takeInterruptedQuery(), undefined);
  } finally {
    store.close();
  }
});
