import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genCpuTime } from './cpu_time.js';

describe('cpu_time', () => {
  it('has one row per cpuN line of /proc/stat with monotonic counters', () => {
    const before = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d/.test(l));
    const rows = genCpuTime(createQueryContext({ table: 'cpu_time' }));
    assert.equal(rows.length, before.length);
    assert.equal(rows.length, cpus().length);
    rows.forEach((row, i) => {
      const fields = (before[i] as string).split(/\s+/);
      assert.equal(row.core, i);
      assert.ok(Number(row.user) >= Number(fields[1]) && Number(row.idle) >= Number(fields[4]));
      assert.equal(typeof row.guest_nice, 'number');
    });
  });
});
