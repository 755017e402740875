import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { parsePasswd } from '../lib/accounts.js';
import { genUsers } from './users.js';

function scan(constraints: Constraint[] = []) {
  return [...genUsers(createQueryContext({ table: 'users', constraints }))];
}

describe('users', () => {
  it('has the same accounts as getent passwd (files database)', () => {
    const getent = execFileSync('getent', ['passwd'], { encoding: 'utf8' }).trim().split('\n');
    const expected = getent.map((line) => {
      const [username, , uid, gid, description, directory, shell] = line.split(':');
      return { username, uid: Number(uid), gid: Number(gid), description, directory, shell };
    });
    const actual = scan().map((r) => ({
      username: r.username,
      uid: r.uid,
      gid: r.gid,
      description: r.description,
      directory: r.directory,
      shell: r.shell,
    }));
    assert.deepEqual(actual, expected);
  });

  it('narrows to a uid or a username and fills the signed ids', () => {
    const [root] = scan([{ column: 'uid', op: '=', value: 0 }]);
    assert.equal(root?.username, 'root');
    assert.equal(root?.uid_signed, 0);
    assert.equal(root?.pid_with_namespace, 0);
    const byName = scan([{ column: 'username', op: '=', value: 'root' }]);
    assert.deepEqual(
      byName.map((r) => r.uid),
      [0],
    );
    assert.deepEqual(scan([{ column: 'uid', op: '=', value: 987654 }]), []);
  });

  it('reads another process namespace through /proc/<pid>/root', () => {
    const rows = scan([{ column: 'pid_with_namespace', op: '=', value: process.pid }]);
    assert.equal(rows.length, scan().length);
    assert.ok(rows.every((r) => r.pid_with_namespace === process.pid));
  });
});

describe('parsePasswd', () => {
  it('parses fields, keeps colons in the shell, and reports malformed lines', () => {
    const skipped: string[] = [];
    const users = parsePasswd(
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n# comment\nbroken:x:abc:1::/:/bin/sh\n+nis\n',
      (reason) => skipped.push(reason),
    );
    assert.equal(users.length, 1);
    assert.equal(users[0]?.uid, 65534);
    assert.deepEqual(skipped, ['malformed passwd line 3']);
  });
});
