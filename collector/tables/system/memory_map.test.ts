import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genMemoryMap } from './memory_map.js';

describe('memory_map', () => {
  it('has one row per line of /proc/iomem, System RAM among them', () => {
    const lines = readFileSync('/proc/iomem', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const rows = genMemoryMap(createQueryContext({ table: 'memory_map' }));
    assert.equal(rows.length, lines.length);
    assert.ok(rows.some((r) => r.name === 'System RAM'));
    assert.ok(rows.every((r) => /^0x[0-9a-f]+$/.test(String(r.start)) && /^0x[0-9a-f]+$/.test(String(r.end))));
  });

  it('parses nested regions and counts a malformed line', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-iomem-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'iomem');
    writeFileSync(file, '00001000-0009fbff : System RAM\n  000f0000-000fffff : System ROM\nnot a region\n');
    const skipped: string[] = [];
    const ctx = createQueryContext({ table: 'memory_map', errors: { skip: (r) => skipped.push(r) } });
    assert.deepEqual(genMemoryMap(ctx, file), [
      { name: 'System RAM', start: '0x00001000', end: '0x0009fbff' },
      { name: 'System ROM', start: '0x000f0000', end: '0x000fffff' },
    ]);
    assert.equal(skipped.length, 1);
  });
});
