import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { genMemoryInfo } from './memory_info.js';

const kb = (text: string, key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);

describe('memory_info', () => {
  it('reports /proc/meminfo in bytes', () => {
    const [row] = genMemoryInfo();
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    // Totals do not move; free and cached figures do between two reads, so they are checked for plausibility.
    assert.equal(row?.memory_total, kb(meminfo, 'MemTotal') * 1024);
    assert.equal(row?.swap_total, kb(meminfo, 'SwapTotal') * 1024);
    for (const column of ['memory_free', 'memory_available', 'buffers', 'cached', 'active', 'inactive']) {
      const value = Number(row?.[column]);
      assert.ok(value >= 0 && value <= Number(row?.memory_total), column);
    }
  });
});
