import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemoryTrim } from './memory-trim.js';

/** RssFile of this process, in kB (/proc/self/status). */
function residentFileKb(): number {
  return Number(/^RssFile:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

describe('MemoryTrim', () => {
  it('drops the clean file pages at most once per period, and the process keeps running', async () => {
    let now = 1_000_000;
    const trim = new MemoryTrim({ now: () => now, dropEveryMs: 60_000 });
    const before = residentFileKb();
    const released = trim.afterWork();
    assert.ok(released > 0, 'the first call drops the clean file mappings');
    assert.ok(residentFileKb() < before, 'RssFile fell');
    // Code, read-only data and modules come back on use: the process still runs, loads and computes.
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha1').update('abc').digest('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    now += 59_999;
    assert.equal(trim.afterWork(), 0, 'within the period only malloc_trim runs');
    now += 1;
    assert.ok(trim.afterWork() > 0, 'after the period the file pages are dropped again');
  });
});
