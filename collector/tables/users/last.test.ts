import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genLast } from './last.js';

const fixture = (name: string): string => fromRoot('collector/tables/users/fixtures', name);

describe('last', () => {
  it('keeps login and logout records from wtmp', () => {
    const rows = genLast(createQueryContext({ table: 'last' }), fixture('wtmp.bin'));
    assert.deepEqual(
      rows.map((r) => [r.username, r.tty, r.type, r.type_name, r.time]),
      [
        ['alice', 'pts/0', 7, 'user', 1700000100],
        ['', 'pts/0', 8, 'dead', 1700003700],
        ['bob', 'pts/1', 7, 'user', 1700004000],
      ],
    );
    assert.equal(rows[2]?.host, 'bastion.example.org');
  });

  it('ignores and reports a partial record at the end of a file being written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-wtmp-'));
    try {
      const path = join(dir, 'wtmp');
      copyFileSync(fixture('wtmp.bin'), path);
      truncateSync(path, 384 * 7 - 100);
      const skipped: string[] = [];
      const ctx = createQueryContext({ table: 'last', errors: { skip: (reason) => skipped.push(reason) } });
      assert.equal(genLast(ctx, path).length, 2);
      assert.equal(skipped.length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads this host wtmp without failing', () => {
    assert.ok(Array.isArray(genLast(createQueryContext({ table: 'last' }))));
  });
});
