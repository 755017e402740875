/**
 * Seeded randomness for tests that pick random moments or inputs: the seed comes from OSPREY_TEST_SEED, or from the
 * clock, and is printed so that a failing run can be repeated exactly (`OSPREY_TEST_SEED=<seed> npm test ...`).
 */

/** A small, fast PRNG (mulberry32): returns numbers in [0, 1) determined by the seed alone. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for this run: OSPREY_TEST_SEED when set (a clear error when it is not an integer), else from the clock. */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.OSPREY_TEST_SEED;
  if (given === undefined || given === '') return Date.now() % 2 ** 32;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`OSPREY_TEST_SEED: expected a non-negative integer, got "${given}".`);
  return seed;
}

/** A seeded generator for one test, printing its seed with `log` (t.diagnostic in node:test). */
export function randomForTest(log: (message: string) => void): () => number {
  const seed = testSeed();
  log(`random seed ${seed} (repeat with OSPREY_TEST_SEED=${seed})`);
  return seededRandom(seed);
}
