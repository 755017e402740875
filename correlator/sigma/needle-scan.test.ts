import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NeedleScan } from './needle-scan.js';

/** A small deterministic generator (LCG), so a failure names a text that reproduces. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

test('the one-pass scan finds exactly the needles includes() finds', () => {
  const next = generator(7);
  // Few letters, so needles recur, overlap and share buckets; a surrogate pair and a one-letter needle too.
  const alphabet = ['a', 'b', 'c', '/', ' ', '-', '\u{1F600}', '\u212A'];
  const word = (max: number): string =>
    Array.from({ length: 1 + next(max) }, () => alphabet[next(alphabet.length)]).join('');
  const needles = Array.from({ length: 300 }, (_, id) => ({ id, text: word(5) }));
  needles.push({ id: 300, text: 'a' }, { id: 301, text: 'aa' }, { id: 302, text: 'aa' });
  const scan = new NeedleScan(needles);
  const stamp = new Int32Array(needles.length);
  let seen = 0;
  for (let epoch = 1; epoch <= 2000; epoch++) {
    const text = word(40);
    scan.mark(text, stamp, epoch);
    for (const n of needles) {
      const expected = text.includes(n.text);
      assert.equal(stamp[n.id] === epoch, expected, `${JSON.stringify(n.text)} in ${JSON.stringify(text)}`);
      if (expected) seen++;
    }
  }
  assert.ok(seen > 10_000, `${seen} needles found`);
  scan.mark('', stamp, 2001);
  assert.ok(!stamp.includes(2001), 'nothing is in the empty text');
});
