import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LoggedRow } from '../loggers/types.js';
import { canonicalRows, diffByHash, hashRows, rowHash } from './diff.js';
import { PreviousState } from './previous-state.js';
import { evaluate, type Outcome } from './results.js';
import { DaemonStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-previous-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DIFF = { snapshot: false, eventBased: false, logRemoved: true };

/** One executor step: evaluate against the held state, commit what changed, then tell the held state. */
function step(store: DaemonStore, state: PreviousState, rows: LoggedRow[]): Outcome {
  const { outcome, next } = evaluate(state.get('q'), rows, 0, DIFF);
  store.commit('q', next, []);
  if (next) state.committed('q', next);
  return outcome;
}

test('an unchanged result neither reads nor writes the store', () => {
  const store = DaemonStore.open(join(dir, 'a'));
  try {
    const state = new PreviousState(store);
    step(store, state, [{ a: '1' }, { a: '2' }]);
    const reads: string[] = [];
    const previous = store.previous.bind(store);
    store.previous = (name) => (reads.push(name), previous(name));
    const commit = store.commit.bind(store);
    const writes: unknown[] = [];
    store.commit = (name, next, payloads, clearKey) => (writes.push(next), commit(name, next, payloads, clearKey));
    assert.deepEqual(step(store, state, [{ a: '2' }, { a: '1' }]), { kind: 'none' });
    assert.deepEqual(reads, []);
    assert.deepEqual(writes, [undefined], 'no new state to write');
    assert.deepEqual(step(store, state, [{ a: '2' }, { a: '1' }, { a: '3' }]), {
      kind: 'diff',
      counter: 1,
      added: [{ a: '3' }],
      removed: [],
    });
    assert.deepEqual(reads, [], 'only additions: the previous rows are not read');
  } finally {
    store.close();
  }
});

test('after a restart the state comes from disk: removed rows are the stored ones, counters go on', () => {
  const path = join(dir, 'b');
  let store = DaemonStore.open(path);
  step(store, new PreviousState(store), [{ a: '1' }, { a: '1' }, { a: '2' }]);
  store.close();
  store = DaemonStore.open(path);
  try {
    const state = new PreviousState(store);
    assert.deepEqual(step(store, state, [{ a: '2' }, { a: '1' }, { a: '1' }]), { kind: 'none' });
    assert.deepEqual(step(store, state, [{ a: '1' }, { a: '4' }]), {
      kind: 'diff',
      counter: 1,
      added: [{ a: '4' }],
      removed: [{ a: '1' }, { a: '2' }],
    });
    assert.equal(store.previous('q')?.rows, '{"a":"1"}\n{"a":"4"}', 'the stored rows are the last result');
  } finally {
    store.close();
  }
});

test('a failed commit leaves the held state as it was, so the change is logged on the next run', () => {
  const store = DaemonStore.open(join(dir, 'c'));
  try {
    const state = new PreviousState(store);
    step(store, state, [{ a: '1' }]);
    const commit = store.commit.bind(store);
    store.commit = () => {
      throw new Error('disk full');
    };
    assert.throws(() => step(store, state, [{ a: '2' }]), /disk full/);
    store.commit = commit;
    assert.deepEqual(step(store, state, [{ a: '2' }]), {
      kind: 'diff',
      counter: 1,
      added: [{ a: '2' }],
      removed: [{ a: '1' }],
    });
  } finally {
    store.close();
  }
});

test('diffByHash is a multiset compare that keeps current order for added and previous order for removed', () => {
  const before = canonicalRows([{ i: '1' }, { i: '2' }, { i: '2' }, { i: '3' }]);
  const rows = [{ i: '4' }, { i: '2' }, { i: '1' }, { i: '5' }];
  const hashes = canonicalRows(rows).map(rowHash);
  const lines = new Map(before.map((line) => [rowHash(line), line]));
  const diff = diffByHash(hashRows(before.map(rowHash)), { rows, hashes, counts: hashRows(hashes) }, () => lines);
  assert.deepEqual(diff, { added: [{ i: '4' }, { i: '5' }], removed: [{ i: '2' }, { i: '3' }] });
});
