import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genShadow, parseShadowLine } from './shadow.js';

const ROOT = fromRoot('collector/tables/users/fixtures/root');

function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('shadow', () => {
  it('derives status and algorithm, never the hash, and counts malformed lines', () => {
    const { ctx, skipped } = context('shadow');
    const rows = genShadow(ctx, `${ROOT}/etc/shadow`);
    assert.deepEqual(
      rows.map((r) => [r.username, r.password_status, r.hash_alg]),
      [
        ['root', 'locked', undefined],
        ['alice', 'active', 'y'],
        ['bob', 'locked', undefined],
        ['nobody', 'not_set', undefined],
        ['ghost', 'empty', undefined],
      ],
    );
    assert.ok(rows.every((r) => !JSON.stringify(r).includes('abcdefghij')));
    assert.equal(rows[1]?.inactive, 30);
    assert.equal(rows[1]?.expire, 20000);
    assert.equal(rows[2]?.min, -1);
    assert.deepEqual(skipped, [`malformed line 6 of ${ROOT}/etc/shadow`]);
  });

  it('narrows to a username', () => {
    const { ctx } = context('shadow', [{ column: 'username', op: '=', value: 'alice' }]);
    assert.deepEqual(
      genShadow(ctx, `${ROOT}/etc/shadow`).map((r) => r.username),
      ['alice'],
    );
  });

  it('matches getent shadow on this host', () => {
    const expected = execFileSync('getent', ['shadow'], { encoding: 'utf8' }).trim().split('\n');
    const rows = genShadow(context('shadow').ctx);
    assert.deepEqual(
      rows.map((r) => r.username),
      expected.map((l) => l.split(':')[0]),
    );
    assert.deepEqual(rows, expected.map(parseShadowLine));
  });
});
