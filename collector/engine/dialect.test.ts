/**
 * osquery's SQL dialect (native/dialect.c, Engine.query): queries as published query libraries write them run as
 * osquery's SQLite runs them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from './engine.js';
import { probeTable, type Probe } from './testing.js';

describe('osquery SQL dialect', () => {
  let engine: Engine;
  let probe: Probe;

  before(async () => {
    probe = probeTable('dialect_probe');
    probe.rows = [
      { id: 1, label: 'running', amount: 1.5, count: 3, note: 'Node' },
      { id: 2, label: 'sleeping', amount: 0, count: 0, note: '/usr/bin/node' },
    ];
    engine = await Engine.create({ extraTables: [probe.table] });
  });
  after(() => engine.close());

  const one = (sql: string): unknown => engine.query(sql).rows[0]?.[0];
  const failure = (sql: string): string => {
    try {
      engine.query(sql);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    return 'ran';
  };

  describe('double-quoted string literals (SQLite legacy DQS, on in osquery)', () => {
    it('reads "text" that names no column as a string', () => {
      assert.deepEqual(engine.queryRows('SELECT id FROM dialect_probe WHERE label = "running"'), [{ id: 1 }]);
      assert.deepEqual(engine.queryRows('SELECT id FROM dialect_probe WHERE note LIKE "/usr/%"'), [{ id: 2 }]);
      assert.deepEqual(
        engine.queryRows('SELECT id FROM dialect_probe WHERE label != "running" AND note != "0.0.0.0"'),
        [{ id: 2 }],
      );
    });

    it('still reads "text" that names a column as the column', () => {
      assert.deepEqual(engine.queryRows('SELECT "label" AS l FROM dialect_probe WHERE "id" = 1'), [{ l: 'running' }]);
    });

    it('holds in the live tables and in DDL (a temporary table default)', () => {
      const me = engine.queryRows(
        `SELECT name FROM processes WHERE pid = ${process.pid} AND name != "no such process"`,
      );
      assert.equal(me.length, 1);
      const rows = engine.queryRows(
        'CREATE TEMP TABLE dqs_ddl (state TEXT DEFAULT "running"); INSERT INTO dqs_ddl DEFAULT VALUES; SELECT state FROM dqs_ddl',
      );
      assert.deepEqual(rows, [{ state: 'running' }]);
    });

    it('pushes a double-quoted LIKE pattern down to a table that needs it (file.path)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'osprey-dialect-'));
      try {
        writeFileSync(join(dir, 'a.conf'), 'x');
        const rows = engine.queryRows(`SELECT filename FROM file WHERE path LIKE "${dir}/%"`);
        assert.deepEqual(rows, [{ filename: 'a.conf' }]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('LIKE and GLOB', () => {
    it('LIKE ignores ASCII case; GLOB does not', () => {
      assert.deepEqual(engine.queryRows('SELECT id FROM dialect_probe WHERE note LIKE "node"'), [{ id: 1 }]);
      assert.equal(one("SELECT 'NODE' GLOB 'node'"), 0);
      assert.equal(one("SELECT 'node' GLOB 'n*'"), 1);
    });

    it('compares a blob as its text (osquery does not build with SQLITE_LIKE_DOESNT_MATCH_BLOBS)', () => {
      assert.deepEqual(engine.query("SELECT x'6E6F6465' LIKE 'NODE', x'6E6F6465' GLOB 'no*'").rows, [[1, 1]]);
    });

    it("keeps ESCAPE, NULL and the errors of SQLite's own LIKE", () => {
      assert.equal(one("SELECT 'a%b' LIKE 'a\\%b' ESCAPE '\\'"), 1);
      assert.equal(one("SELECT 'axb' LIKE 'a\\%b' ESCAPE '\\'"), 0);
      assert.equal(one("SELECT NULL LIKE 'a'"), null);
      assert.equal(failure("SELECT 'a' LIKE 'a' ESCAPE 'xy'"), 'ESCAPE expression must be a single character');
    });
  });

  describe('functions and options osquery builds SQLite with', () => {
    it("soundex (SQLITE_SOUNDEX), JSON functions, osquery's math", () => {
      assert.equal(one('SELECT soundex("Robert")'), 'R163');
      assert.equal(one('SELECT json_extract(\'{"state":"running"}\', "$.state")'), 'running');
      assert.equal(one('SELECT sqrt(16)'), 4);
      assert.equal(one('SELECT round(log(exp(2)), 6)'), 2); // natural logarithm, as osquery's extension
    });

    it("does not enforce foreign keys (SQLite's default; better-sqlite3 turns them on)", () => {
      const sql =
        'CREATE TEMP TABLE fk_parent (id INTEGER PRIMARY KEY); ' +
        'CREATE TEMP TABLE fk_child (parent INTEGER REFERENCES fk_parent(id)); ' +
        'INSERT INTO fk_child VALUES (5); SELECT count(*) AS n FROM fk_child;';
      assert.deepEqual(engine.queryRows(sql), [{ n: 1 }]);
    });
  });

  describe('query text as osquery runs it', () => {
    it('a trailing ; with whitespace or a comment is one statement', () => {
      for (const sql of [
        'SELECT 1 AS a;',
        'SELECT 1 AS a; ',
        'SELECT 1 AS a;\n',
        'SELECT 1 AS a; -- done',
        'SELECT 1 AS a; /* done */',
        'SELECT 1 AS a;;',
      ]) {
        assert.deepEqual(engine.query(sql), { columns: ['a'], rows: [[1]] }, JSON.stringify(sql));
      }
    });

    it('runs every statement in turn and answers their rows together', () => {
      assert.deepEqual(engine.query('SELECT 1 AS a; SELECT 2 AS a;'), { columns: ['a'], rows: [[1], [2]] });
      assert.deepEqual(engine.query('SELECT 1 AS a; SELECT 2 AS b'), {
        columns: ['a', 'b'],
        rows: [
          [1, null],
          [null, 2],
        ],
      });
    });

    it('answers no rows for a text with no statement', () => {
      for (const sql of ['', ' ', ';', '-- nothing\n;', '/* nothing */']) {
        assert.deepEqual(engine.query(sql), { columns: [], rows: [] }, JSON.stringify(sql));
      }
    });

    it('reads columns and tables of every statement', () => {
      assert.deepEqual(
        engine.queryColumns('SELECT id FROM dialect_probe; -- done').map((c) => c.name),
        ['id'],
      );
      assert.deepEqual(engine.tablesRead('SELECT 1; SELECT id FROM dialect_probe;'), ['dialect_probe']);
    });

    it("names the cause of a failure in SQLite's words, as osquery does", () => {
      assert.equal(failure('SELEC * FROM dialect_probe'), 'near "SELEC": syntax error');
      assert.equal(failure('SELECT * FROM no_such_thing;'), 'no such table: no_such_thing');
      assert.equal(failure('SELECT no_such_column FROM dialect_probe;'), 'no such column: no_such_column');
      assert.equal(failure('SELECT * FROM dialect_probe WHERE'), 'incomplete input');
      assert.equal(failure('SELECT 1; SELECT * FROM no_such_thing'), 'no such table: no_such_thing');
    });
  });
});
