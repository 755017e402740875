import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { groupIdsOf, parseGroups } from '../lib/accounts.js';
import { genUserGroups } from './user_groups.js';

describe('user_groups', () => {
  it('agrees with id -G for every local user', () => {
    const rows = [...genUserGroups(createQueryContext({ table: 'user_groups' }))];
    const users = execFileSync('getent', ['passwd'], { encoding: 'utf8' }).trim().split('\n');
    for (const line of users) {
      const [name, , uid] = line.split(':');
      const expected = execFileSync('id', ['-G', name as string], { encoding: 'utf8' })
        .trim()
        .split(/\s+/)
        .map(Number);
      const actual = rows.filter((r) => r.uid === Number(uid)).map((r) => Number(r.gid));
      assert.deepEqual(
        actual.sort((a, b) => a - b),
        expected.sort((a, b) => a - b),
        `groups of ${name}`,
      );
    }
  });
});

describe('groupIdsOf', () => {
  it('puts the primary gid first and adds supplementary groups once', () => {
    const groups = parseGroups('adm:x:4:alice,bob\nstaff:x:50:alice\nalice:x:1000:\nwheel:x:10:alice,alice\n');
    const alice = { username: 'alice', uid: 1000, gid: 1000, description: '', directory: '/home/alice', shell: '' };
    assert.deepEqual(groupIdsOf(alice, groups), [1000, 4, 50, 10]);
  });
});
