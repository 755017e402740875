import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tablesOf } from './query-tables.js';

describe('tablesOf', () => {
  it('reads FROM and JOIN references, comma lists and aliases included', () => {
    assert.deepEqual(tablesOf('SELECT * FROM processes p, users AS u JOIN groups g USING (gid) WHERE p.uid = u.uid'),
      ['groups', 'processes', 'users']);
    assert.deepEqual(tablesOf('select * from users CROSS JOIN chrome_extensions USING (uid);'), ['chrome_extensions', 'users']);
  });

  it('reads subqueries and leaves out CTE names, table-valued functions and text in strings or comments', () => {
    const sql = `WITH recent(pid) AS (SELECT pid FROM process_events) SELECT * FROM recent
      JOIN (SELECT pid FROM processes WHERE name = 'x FROM fake') USING (pid), json_each('[1]') -- FROM comment_table`;
    assert.deepEqual(tablesOf(sql), ['process_events', 'processes']);
  });

  it('reads a double-quoted table name', () => {
    assert.deepEqual(tablesOf('SELECT * FROM "os_version"'), ['os_version']);
  });
});
