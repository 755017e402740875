/** isoToMs reads sensor timestamps by arithmetic: it must agree with Date.parse on every time it reads itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFieldsToMs, isoToMs } from './normalize.js';

/** What Date.parse says, with `-0400` offsets given their colon (the slow path isoToMs keeps for other shapes). */
function dateParse(text: string): number | null {
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A deterministic spread of times: every month, days to 31, hours to 24, all fraction lengths and offset forms. */
function* samples(): Generator<string> {
  const fractions = ['', '.5', '.12', '.123', '.1234', '.865716', '.999999999', '.'];
  const zones = ['Z', '+00:00', '-04:00', '+0530', '-0400', '+2359', '-23:59', '+24:00', 'z', '', '+04', '+0060'];
  let k = 0;
  for (const year of [1, 1969, 1970, 1999, 2000, 2018, 2024, 2100, 9999])
    for (let month = 0; month <= 13; month++)
      for (const day of [0, 1, 9, 28, 29, 30, 31, 32]) {
        k++;
        const hour = [0, 9, 23, 24][k % 4] as number;
        const minute = [0, 30, 59, 60][(k >> 2) % 4] as number;
        const second = [0, 1, 59, 60][(k >> 4) % 4] as number;
        const fraction = fractions[k % fractions.length] as string;
        const zone = zones[(k * 7) % zones.length] as string;
        yield `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}${zone}`;
      }
}

/** Times in range with every fraction and offset form, from a fixed-seed generator. */
function* inRange(count: number): Generator<string> {
  let seed = 20;
  const next = (bound: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % bound;
  };
  const zones = ['Z', '+hh:mm', '-hh:mm', '+hhmm', '-hhmm'];
  for (let i = 0; i < count; i++) {
    const date = `${pad(1900 + next(300), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)}`;
    const time = `${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}`;
    const fraction = next(3) === 0 ? '' : `.${String(next(1_000_000_000)).slice(0, 1 + next(9))}`;
    const zone = (zones[next(zones.length)] as string).replace('hh', pad(next(24), 2)).replace('mm', pad(next(60), 2));
    yield `${date}T${time}${fraction}${zone}`;
  }
}

test('the arithmetic path agrees with Date.parse wherever it answers, and answers for what sensors write', () => {
  let answered = 0;
  for (const text of [...samples(), ...inRange(20_000)]) {
    const fast = isoFieldsToMs(text);
    if (fast !== null) {
      answered++;
      assert.equal(fast, dateParse(text), text);
    }
    assert.equal(isoToMs(text), dateParse(text), text);
  }
  assert.ok(answered >= 20_000, `${answered} answered`);
  for (const text of ['2018-07-05T15:07:19.659593-0400', '2018-07-05T19:43:47.690Z', '2018-03-24T17:15:20.865716Z'])
    assert.notEqual(isoFieldsToMs(text), null, text);
});

test('other shapes go to Date.parse', () => {
  for (const text of [
    '2018-07-05',
    '2018-07-05T19:43:47',
    '2018-07-05 19:43:47Z',
    'nope',
    '',
    '+002018-07-05T00:00:00Z',
  ])
    assert.equal(isoFieldsToMs(text), null, text);
  assert.equal(isoToMs('2018-07-05T00:00:00Z'), Date.UTC(2018, 6, 5));
  assert.equal(isoToMs('nope'), null);
});
