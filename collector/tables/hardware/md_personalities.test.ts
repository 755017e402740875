import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { genMdPersonalities, mdPersonalityRows } from './md_personalities.js';

describe('md_personalities', () => {
  it('lists the bracketed personalities of the first mdstat line', () => {
    const text = readFileSync(fromRoot('collector/tables/hardware/fixtures/mdstat/ovh-raid1-bitmap.txt'), 'utf8');
    assert.deepEqual(
      mdPersonalityRows(text).map((r) => r.name),
      ['linear', 'raid0', 'raid1', 'raid10', 'raid6', 'raid5', 'raid4', 'multipath', 'faulty'],
    );
  });

  it('returns no rows without /proc/mdstat (this machine has no md driver)', () => {
    if (existsSync('/proc/mdstat')) return;
    assert.deepEqual(genMdPersonalities(), []);
  });
});
