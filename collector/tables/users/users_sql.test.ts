import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';

describe('user tables through SQL', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('answers the classic users queries', () => {
    assert.deepEqual(engine.queryRows('SELECT username, directory FROM users WHERE uid = 0'), [
      { username: 'root', directory: '/root' },
    ]);
    const count = execFileSync('getent', ['passwd'], { encoding: 'utf8' }).trim().split('\n').length;
    assert.deepEqual(engine.queryRows('SELECT count(*) AS n FROM users'), [{ n: count }]);
  });

  it('joins users, user_groups and groups as id(1) does', () => {
    const rows = engine.queryRows(
      `SELECT g.groupname FROM users u JOIN user_groups ug ON ug.uid = u.uid JOIN groups g ON g.gid = ug.gid
       WHERE u.username = 'root' ORDER BY g.groupname`,
    );
    const expected = execFileSync('id', ['-Gn', 'root'], { encoding: 'utf8' }).trim().split(/\s+/).sort();
    assert.deepEqual(
      rows.map((r) => r.groupname),
      expected,
    );
  });

  it('joins shadow to users without exposing hashes', () => {
    const rows = engine.queryRows(
      `SELECT u.username, s.password_status FROM users u JOIN shadow s ON s.username = u.username WHERE u.uid = 0`,
    );
    assert.equal(rows.length, 1);
    assert.match(String(rows[0]?.password_status), /^(locked|not_set|empty|active)$/);
  });

  it('reads the per-user tables for every user without errors', () => {
    for (const table of ['authorized_keys', 'known_hosts', 'shell_history', 'last', 'logged_in_users', 'sudoers']) {
      assert.ok(Array.isArray(engine.query(`SELECT * FROM ${table}`).rows), table);
    }
  });
});
