import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genGroups } from './groups.js';

describe('groups', () => {
  it('has the same groups as getent group', () => {
    const expected = execFileSync('getent', ['group'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [groupname, , gid] = line.split(':');
        return { groupname, gid: Number(gid) };
      });
    const rows = [...genGroups(createQueryContext({ table: 'groups' }))];
    assert.deepEqual(
      rows.map((r) => ({ groupname: r.groupname, gid: r.gid })),
      expected,
    );
  });

  it('narrows to a gid', () => {
    const rows = [
      ...genGroups(createQueryContext({ table: 'groups', constraints: [{ column: 'gid', op: '=', value: 0 }] })),
    ];
    assert.deepEqual(
      rows.map((r) => r.groupname),
      ['root'],
    );
  });
});
