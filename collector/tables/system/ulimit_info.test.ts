import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genUlimitInfo } from './ulimit_info.js';

describe('ulimit_info', () => {
  it('reads the limits table in osquery order', () => {
    const rows = genUlimitInfo(
      createQueryContext({ table: 'ulimit_info' }),
      fromRoot('collector/tables/system/fixtures/limits.txt'),
    );
    assert.equal(rows.length, 15);
    assert.deepEqual(
      rows.find((r) => r.type === 'nofile'),
      { type: 'nofile', soft_limit: '1024', hard_limit: '524288' },
    );
    assert.deepEqual(
      rows.find((r) => r.type === 'stack'),
      { type: 'stack', soft_limit: '8388608', hard_limit: 'unlimited' },
    );
    assert.equal(rows[0]?.type, 'as');
  });

  it('agrees with prlimit for this process', () => {
    const rows = new Map(genUlimitInfo(createQueryContext({ table: 'ulimit_info' })).map((r) => [r.type, r]));
    const out = execFileSync(
      'prlimit',
      ['--pid', String(process.pid), '--raw', '--noheadings', '-o', 'RESOURCE,SOFT,HARD'],
      {
        encoding: 'utf8',
      },
    );
    let compared = 0;
    for (const line of out.trim().split('\n')) {
      const [resource, soft, hard] = line.trim().split(/\s+/);
      const row = rows.get(String(resource).toLowerCase());
      if (row === undefined) continue; // RTTIME is not one of osquery's resources
      assert.deepEqual([row.soft_limit, row.hard_limit], [soft, hard], String(resource));
      compared++;
    }
    assert.equal(compared, 15);
  });
});
