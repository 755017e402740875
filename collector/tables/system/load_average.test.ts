import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genLoadAverage } from './load_average.js';

describe('load_average', () => {
  it('returns the three periods with six decimals, close to os.loadavg()', () => {
    const rows = genLoadAverage(createQueryContext({ table: 'load_average' }));
    assert.deepEqual(
      rows.map((r) => r.period),
      ['1m', '5m', '15m'],
    );
    const expected = loadavg();
    rows.forEach((r, i) => {
      assert.match(String(r.average), /^\d+\.\d{6}$/);
      // The kernel updates the averages every 5 s; allow one update between the two reads.
      assert.ok(Math.abs(Number(r.average) - (expected[i] as number)) < 1, String(r.period));
    });
  });
});
