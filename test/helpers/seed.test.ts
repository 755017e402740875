import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom, testSeed } from './seed.js';

test('the same seed gives the same numbers, in [0, 1)', () => {
  const take = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 5 }, () => random());
  };
  assert.deepEqual(take(42), take(42));
  assert.notDeepEqual(take(42), take(43));
  assert.ok(take(7).every((n) => n >= 0 && n < 1));
});

test('the seed comes from OSPREY_TEST_SEED when set, and a bad one is named', () => {
  assert.equal(testSeed({ OSPREY_TEST_SEED: '1234' }), 1234);
  assert.throws(
    () => testSeed({ OSPREY_TEST_SEED: 'abc' }),
    /OSPREY_TEST_SEED: expected a non-negative integer, got "abc"/,
  );
  assert.ok(Number.isInteger(testSeed({})));
});
