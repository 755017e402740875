import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeResultSet, linesByHash } from './diff.js';
import { evaluate, type Evaluation, type PreviousResult } from './results.js';
import { escapeNonPrintable, formatDouble, loggedValue, toLoggedRows } from './rows.js';

const DIFF = { snapshot: false, eventBased: false, logRemoved: true };

/** Runs a sequence of result sets through evaluate, threading the state as the daemon does (previous-state.ts). */
function runSequence(sets: Array<Array<Record<string, string>>>, kind = DIFF, epochs: number[] = []): Evaluation[] {
  let previous: PreviousResult | undefined;
  let stored = ''; // the store's text
  let order: readonly string[] = [];
  const lines: PreviousResult['lines'] = (wanted) => linesByHash(decodeResultSet(stored), order, wanted);
  return sets.map((rows, i) => {
    const evaluation = evaluate(previous, rows, epochs[i] ?? 0, kind);
    const next = evaluation.next;
    if (next) {
      stored = next.rows ?? stored;
      order = next.order ?? order;
      previous = {
        epoch: next.epoch,
        counter: next.counter,
        hashes: next.hashes ?? previous?.hashes ?? new Map(),
        lines,
      };
    }
    return evaluation;
  });
}

test('first run logs every row as added with counter 0; unchanged runs log nothing; changes count up', () => {
  const [first, same, changed, again] = runSequence([
    [{ a: '1' }, { a: '2' }],
    [{ a: '2' }, { a: '1' }],
    [{ a: '2' }, { a: '3' }],
    [{ a: '4' }],
  ]);
  assert.deepEqual(first?.outcome, { kind: 'diff', counter: 0, added: [{ a: '1' }, { a: '2' }], removed: [] });
  assert.deepEqual(same?.outcome, { kind: 'none' });
  assert.deepEqual(changed?.outcome, { kind: 'diff', counter: 1, added: [{ a: '3' }], removed: [{ a: '1' }] });
  assert.deepEqual(again?.outcome, {
    kind: 'diff',
    counter: 2,
    added: [{ a: '4' }],
    removed: [{ a: '2' }, { a: '3' }],
  });
});

test('an empty first run is still a counter-0 record (batch format logs it, event format has no lines)', () => {
  const [first] = runSequence([[]]);
  assert.deepEqual(first?.outcome, { kind: 'diff', counter: 0, added: [], removed: [] });
});

test('diff is a multiset compare: duplicate rows count', () => {
  const [, more, fewer] = runSequence([[{ a: '1' }], [{ a: '1' }, { a: '1' }], [{ a: '1' }]]);
  assert.deepEqual(more?.outcome, { kind: 'diff', counter: 1, added: [{ a: '1' }], removed: [] });
  assert.deepEqual(fewer?.outcome, { kind: 'diff', counter: 2, added: [], removed: [{ a: '1' }] });
});

test('removed:false hides removals but state and counter still advance, leaving a counter gap', () => {
  const kind = { ...DIFF, logRemoved: false };
  const results = runSequence([[{ a: '1' }, { a: '2' }], [{ a: '1' }], [{ a: '1' }, { a: '5' }]], kind);
  assert.deepEqual(results[1]?.outcome, { kind: 'none' });
  assert.equal(results[1]?.next?.counter, 1);
  assert.deepEqual(results[2]?.outcome, { kind: 'diff', counter: 2, added: [{ a: '5' }], removed: [] });
});

test('a new schedule_epoch makes the next run a first run', () => {
  const results = runSequence([[{ a: '1' }], [{ a: '2' }], [{ a: '2' }]], DIFF, [0, 0, 7]);
  assert.equal(results[1]?.outcome.kind === 'diff' && results[1].outcome.counter, 1);
  assert.deepEqual(results[2]?.outcome, { kind: 'diff', counter: 0, added: [{ a: '2' }], removed: [] });
  assert.equal(results[2]?.next?.epoch, 7);
});

test('event-based queries skip the diff, count from 1 and only when rows exist', () => {
  const kind = { ...DIFF, eventBased: true };
  const results = runSequence([[], [{ e: '1' }], [], [{ e: '1' }]], kind);
  assert.deepEqual(results[0]?.outcome, { kind: 'none' });
  assert.deepEqual(results[1]?.outcome, { kind: 'diff', counter: 1, added: [{ e: '1' }], removed: [] });
  assert.deepEqual(results[2]?.outcome, { kind: 'none' });
  assert.deepEqual(results[3]?.outcome, { kind: 'diff', counter: 2, added: [{ e: '1' }], removed: [] });
});

test('snapshots keep no state and carry every row', () => {
  const evaluation = evaluate({ epoch: 0, counter: 5, hashes: new Map(), lines: () => new Map() }, [{ a: '1' }], 0, {
    ...DIFF,
    snapshot: true,
  });
  assert.deepEqual(evaluation, { outcome: { kind: 'snapshot', rows: [{ a: '1' }] }, next: undefined });
});

test('the diff handles 10,000 rows with one change', () => {
  const before = Array.from({ length: 10000 }, (_, i) => ({ i: String(i) }));
  const after = [...before.slice(1), { i: 'new' }];
  const [, second] = runSequence([before, after]);
  assert.deepEqual(second?.outcome, { kind: 'diff', counter: 1, added: [{ i: 'new' }], removed: [{ i: '0' }] });
});

test('logged values follow osquery: strings, NULL as empty, doubles with .0, control bytes as \\xHH', () => {
  assert.equal(loggedValue(null, false, false), '');
  assert.equal(loggedValue(7, false, false), '7');
  assert.equal(loggedValue(7, false, true), 7);
  assert.equal(loggedValue(2, true, false), '2.0');
  assert.equal(loggedValue(0.1, false, false), '0.1');
  assert.equal(loggedValue(12345678901234567890n, false, false), '12345678901234567890');
  assert.equal(formatDouble(1 / 3), '0.333333333333333');
  assert.equal(formatDouble(1e20), '1e+20');
  assert.equal(formatDouble(0.00001), '1e-05');
  assert.equal(escapeNonPrintable('a\nb\tc'), 'a\\x0Ab\\x09c');
  assert.deepEqual(toLoggedRows(['x', 'y'], [[1, 2.5]], { numerics: false, doubleColumns: new Set([1]) }), [
    { x: '1', y: '2.5' },
  ]);
});
