import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import { setClockForTesting, timeRow } from './time.js';

describe('time', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('formats a known instant as osquery does', () => {
    assert.deepEqual(
      { ...timeRow(new Date(Date.UTC(2020, 5, 12, 18, 44, 41))), local_timezone: undefined },
      {
        weekday: 'Friday',
        year: 2020,
        month: 6,
        day: 12,
        hour: 18,
        minutes: 44,
        seconds: 41,
        timezone: 'UTC',
        local_timezone: undefined,
        unix_time: 1591987481,
        timestamp: 'Fri Jun 12 18:44:41 2020 UTC',
        datetime: '2020-06-12T18:44:41Z',
        iso_8601: '2020-06-12T18:44:41Z',
      },
    );
  });

  it('is read anew by every query', (t) => {
    let now = Date.UTC(2020, 5, 12, 18, 44, 41);
    setClockForTesting(() => new Date(now));
    t.after(() => setClockForTesting());
    const read = () => engine.query('SELECT datetime, unix_time FROM time').rows[0];
    assert.deepEqual(read(), ['2020-06-12T18:44:41Z', 1591987481]);
    now += 1000;
    assert.deepEqual(read(), ['2020-06-12T18:44:42Z', 1591987482]);
  });

  it('agrees with the clock', () => {
    const [unix] = engine.query('SELECT unix_time FROM time').rows[0] ?? [];
    assert.ok(Math.abs(Number(unix) - Date.now() / 1000) < 60);
  });
});
