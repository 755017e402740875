import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from './engine.js';
import { mayNameTable, reservedWords } from './pending.js';
import { openMemoryDatabase } from './sqlite.js';

describe('reserved words', () => {
  it('cannot name a table or a view unquoted, as the engine declares them', () => {
    const db = openMemoryDatabase();
    try {
      for (const word of reservedWords()) {
        assert.throws(() => db.exec(`CREATE TABLE ${word}(a)`), /syntax error/, `CREATE TABLE ${word}`);
        assert.throws(() => db.exec(`CREATE VIEW ${word} AS SELECT 1`), /syntax error/, `CREATE VIEW ${word}`);
      }
    } finally {
      db.close();
    }
  });

  it('tells a text that may name a table from one made only of reserved words', () => {
    assert.equal(mayNameTable('SELECT 1'), false);
    assert.equal(mayNameTable('select 1 AND null -- 2'), false);
    assert.equal(mayNameTable('SELECT * FROM uptime'), true);
    assert.equal(mayNameTable('SELECT "uptime"'), true, 'quoted words count too');
    assert.equal(mayNameTable('SELECT 1e3'), true, 'an exponent reads as a word: the engine checks, needlessly');
  });
});

describe('Engine: a statement naming no table', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('runs before discovery, and the tables are all there afterwards', () => {
    assert.deepEqual(engine.query('SELECT 1 AS one').rows, [[1]]);
    assert.ok(engine.tables().some((t) => t.name === 'uptime'));
    assert.equal(engine.query('SELECT count(*) FROM uptime').rows[0]?.[0], 1);
  });
});

describe("the engine's extra SQL functions", () => {
  it('are named by no reserved word', async () => {
    const engine = await Engine.create();
    try {
      const names = engine
        .queryRows('SELECT name FROM pragma_function_list WHERE builtin = 0')
        .map((r) => String(r.name));
      assert.ok(names.includes('regex_match'), 'the extra functions are listed');
      for (const name of names) assert.equal(reservedWords().has(name.toLowerCase()), false, name);
    } finally {
      engine.close();
    }
  });
});
