import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genUptime, uptimeRow } from './uptime.js';

describe('uptime', () => {
  it('agrees with /proc/uptime read around the scan', () => {
    const before = Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]));
    const [row] = genUptime(createQueryContext({ table: 'uptime' }));
    const after = Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]));
    const total = Number(row?.total_seconds);
    assert.ok(total >= before && total <= after, `${before} <= ${total} <= ${after}`);
    const parts = Number(row?.days) * 86400 + Number(row?.hours) * 3600 + Number(row?.minutes) * 60;
    assert.equal(parts + Number(row?.seconds), total);
  });

  it('splits a total into days, hours, minutes and seconds', () => {
    assert.deepEqual(uptimeRow(2 * 86400 + 3 * 3600 + 4 * 60 + 5), {
      days: 2,
      hours: 3,
      minutes: 4,
      seconds: 5,
      total_seconds: 183845,
    });
  });
});
