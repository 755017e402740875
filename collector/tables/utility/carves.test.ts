import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genCarves } from './carves.js';

describe('carves', () => {
  it('has no rows, and counts a carve request instead of starting one', () => {
    const skipped: string[] = [];
    const ctx = createQueryContext({
      table: 'carves',
      constraints: [
        { column: 'carve', op: '=', value: 1 },
        { column: 'path', op: '=', value: '/etc/passwd' },
      ],
      errors: { skip: (r) => skipped.push(r) },
    });
    assert.deepEqual(genCarves(ctx), []);
    assert.equal(skipped.length, 1);
    assert.deepEqual(genCarves(createQueryContext({ table: 'carves' })), []);
  });
});
