import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OspreyError } from '../../common/errors.js';
import { col, defineTable } from './spec.js';
import { Engine, splitStatements } from './engine.js';
import { probeTable, type Probe } from './testing.js';

describe('Engine', () => {
  let engine: Engine;
  let probe: Probe;
  let strict: Probe;
  let broken: Probe;
  let optimized: Probe;

  before(async () => {
    probe = probeTable('probe');
    strict = probeTable('strict_probe', { required: true });
    broken = probeTable('broken_probe', { throws: 'disk on fire' });
    optimized = probeTable('optimized_probe', { optimized: true });
    engine = await Engine.create({ extraTables: [probe.table, strict.table, broken.table, optimized.table] });
  });
  after(() => engine.close());

  const lastScan = (p: Probe) => p.scans[p.scans.length - 1];

  it('pushes every osquery operator on index and additional columns to the generator', () => {
    const cases: Array<[string, string, unknown]> = [
      ['id = 5', '=', 5],
      ['id > 5', '>', 5],
      ['id < 5', '<', 5],
      ['id >= 5', '>=', 5],
      ['id <= 5', '<=', 5],
      ["label LIKE 'a%'", 'LIKE', 'a%'],
      ["label GLOB 'a*'", 'GLOB', 'a*'],
      ["label REGEXP '^a'", 'REGEXP', '^a'],
    ];
    for (const [where, op, value] of cases) {
      engine.query(`SELECT * FROM probe WHERE ${where}`);
      const scan = lastScan(probe);
      assert.deepEqual(
        scan?.constraints.map((c) => [c.op, c.value]),
        [[op, value]],
        where,
      );
    }
  });

  it('does not push constraints on plain columns, nor range operators on TEXT columns', () => {
    engine.query("SELECT * FROM probe WHERE note = 'x' AND label > 'b'");
    assert.deepEqual(lastScan(probe)?.constraints, []);
  });

  it('turns IN into one scan per value', () => {
    probe.scans.length = 0;
    engine.query('SELECT * FROM probe WHERE id IN (1, 2, 3)');
    assert.deepEqual(probe.scans.map((s) => s.constraints[0]?.value).sort(), [1, 2, 3]);
  });

  it('gives an OPTIMIZED column the whole IN list in one scan', () => {
    optimized.rows = [{ id: 2 }, { id: 5 }];
    assert.deepEqual(engine.query('SELECT id FROM optimized_probe WHERE id IN (1, 2, 3) ORDER BY id').rows, [[2]]);
    assert.equal(optimized.scans.length, 1);
    assert.deepEqual(
      optimized.scans[0]?.constraints.map((c) => [c.column, c.op, c.value]),
      [
        ['id', '=', 1],
        ['id', '=', 2],
        ['id', '=', 3],
      ],
    );
  });

  it('tells the generator which columns the query reads (a WITHOUT ROWID key is always read)', () => {
    engine.query('SELECT note FROM probe WHERE count = 1');
    assert.deepEqual(lastScan(probe)?.used, ['id', 'label', 'count', 'note']);
  });

  it('reads colUsed right beyond 32 and 63 columns', () => {
    const names = Array.from({ length: 70 }, (_, i) => `c${i}`);
    const seen: string[][] = [];
    engine.registerTable(
      defineTable({
        name: 'wide_probe',
        description: 'Seventy columns.',
        platforms: ['linux'],
        columns: names.map((n) => col(n, 'INTEGER', n)),
        generate: (ctx) => {
          seen.push(names.filter((n) => ctx.used(n)));
          return [Object.fromEntries(names.map((n, i) => [n, i]))];
        },
      }),
    );
    assert.deepEqual(engine.query('SELECT c1, c40, c65 FROM wide_probe').rows, [[1, 40, 65]]);
    assert.deepEqual(seen[0]?.slice(0, 2), ['c1', 'c40']);
    assert.deepEqual(seen[0]?.slice(2), names.slice(63), 'bit 63 stands for every column from 63 on');
    engine.unregisterTable('wide_probe');
  });

  it('carries every row of a large scan, in order, across the chunks the rows cross in', () => {
    const count = 20_001; // several 8192-value chunks of 3-column rows, the last one partial
    engine.registerTable(
      defineTable({
        name: 'long_probe',
        description: 'Many rows.',
        platforms: ['linux'],
        columns: [col('number', 'INTEGER', 'number'), col('text', 'TEXT', 'text'), col('unread', 'TEXT', 'unread')],
        generate: () => Array.from({ length: count }, (_, n) => ({ number: n, text: `row ${n}`, unread: 'x' })),
      }),
    );
    const rows = engine.query('SELECT number, text FROM long_probe').rows;
    assert.equal(rows.length, count);
    assert.ok(rows.every((row, i) => row[0] === i && row[1] === `row ${i}`));
    assert.deepEqual(engine.query('SELECT count(*), count(unread) FROM long_probe WHERE number >= 0').rows, [
      [count, count],
    ]);
    engine.unregisterTable('long_probe');
  });

  it('re-checks constraints, so a generator may return a superset', () => {
    probe.rows = [
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
    ];
    assert.deepEqual(engine.query('SELECT id FROM probe WHERE id = 2').rows, [[2]]);
  });

  it('types values as osquery does', () => {
    probe.rows = [
      { id: '0x10', amount: '1.5', count: '', label: 7 },
      { id: '010', amount: 'abc', count: '12abc' },
      { id: '9007199254740993', amount: 2, count: 3.9 },
    ];
    const { rows } = engine.query('SELECT id, amount, count, label, typeof(amount) FROM probe');
    assert.deepEqual(rows, [
      [16, 1.5, null, '7', 'real'],
      [8, null, null, null, 'null'],
      [9007199254740993n, 2, 3, null, 'real'],
    ]);
  });

  it('declares the osquery schema: hidden columns out of table_info, index/additional columns in the key', () => {
    const info = engine.queryRows('PRAGMA table_info(probe)');
    assert.deepEqual(
      info.map((r) => [r.name, r.type, r.pk]),
      [
        ['id', 'BIGINT', 1],
        ['label', 'TEXT', 2],
        ['amount', 'DOUBLE', 0],
        ['count', 'INTEGER', 0],
        ['note', 'TEXT', 0],
      ],
    );
    assert.deepEqual(engine.schema('probe'), [
      'CREATE TABLE probe(`id` BIGINT, `label` TEXT, `amount` DOUBLE, `count` INTEGER, `note` TEXT, ' +
        '`secret` TEXT HIDDEN, PRIMARY KEY (`id`, `label`)) WITHOUT ROWID;',
    ]);
  });

  it("refuses a query without a required column with osquery's message", () => {
    assert.throws(
      () => engine.query('SELECT * FROM strict_probe'),
      (err: unknown) => {
        assert.ok(err instanceof OspreyError);
        assert.equal(err.code, 'SQL_ERROR');
        assert.equal(err.message, 'Table strict_probe was queried without a required column in the WHERE clause');
        return true;
      },
    );
    assert.deepEqual(engine.query('SELECT * FROM strict_probe WHERE id = 1').rows, []);
  });

  it('accepts a required column constrained through a join', () => {
    probe.rows = [{ id: 4 }];
    strict.rows = [{ id: 4, label: 'joined' }];
    assert.deepEqual(engine.query('SELECT s.label FROM probe p JOIN strict_probe s USING (id)').rows, [['joined']]);
    assert.deepEqual(
      lastScan(strict)?.constraints.map((c) => [c.column, c.op, c.value]),
      [['id', '=', 4]],
    );
  });

  it('fails only the query when a generator throws, naming the table', () => {
    assert.throws(() => engine.query('SELECT * FROM broken_probe'), /broken_probe.*disk on fire/);
    assert.deepEqual(engine.query('SELECT 1 AS one').rows, [[1]]);
  });

  it('reports SQL errors as SQL_ERROR', () => {
    assert.throws(() => engine.query('SELECT * FROM no_such_table'), { code: 'SQL_ERROR', message: /no such table/ });
    assert.throws(() => engine.query('SELEC 1'), { code: 'SQL_ERROR' });
  });

  it('registers aliases as views and unregisters tables at run time', () => {
    probe.rows = [{ id: 9 }];
    assert.deepEqual(engine.query('SELECT id FROM probe_alias').rows, [[9]]);
    const extra = probeTable('late_probe');
    engine.registerTable(extra.table);
    assert.equal(engine.table('late_probe')?.name, 'late_probe');
    assert.throws(() => engine.registerTable(extra.table), { code: 'TABLE_ERROR' });
    engine.unregisterTable('late_probe');
    assert.equal(engine.table('late_probe'), undefined);
    assert.throws(() => engine.query('SELECT * FROM late_probe'), /no such table/);
  });

  it("allows only osquery's statements: no ATTACH, no other PRAGMAs, no engine control functions", () => {
    const denied = [
      "ATTACH DATABASE '/tmp/osprey-should-not-exist.db' AS evil",
      'PRAGMA writable_schema = 1',
      "SELECT osprey_unregister_table('time')",
      "SELECT osprey_register_table('x', 'CREATE TABLE x(a TEXT)', 1, 'T', '-')",
      "SELECT load_extension('/tmp/x.so')",
      'CREATE INDEX temp.i ON scratch(a)',
    ];
    engine.query('CREATE TEMP TABLE scratch(a)'); // osquery allows temporary tables, not indexes on them
    for (const sql of denied)
      assert.throws(() => engine.query(sql), { code: 'SQL_ERROR', message: /not authorized/ }, sql);
    assert.equal(engine.query('PRAGMA table_xinfo(probe)').rows.length, 6);
    engine.query('CREATE TEMP VIEW recent AS SELECT 1 AS one');
    assert.deepEqual(engine.query('SELECT one FROM recent').rows, [[1]]);
    assert.equal(engine.table('time')?.name, 'time');
  });

  it('names the tables a statement reads, even one that cannot be planned', () => {
    assert.deepEqual(engine.tablesRead('SELECT * FROM probe p JOIN time t ON p.id = t.unix_time'), ['probe', 'time']);
    assert.deepEqual(engine.tablesRead('SELECT * FROM strict_probe'), ['strict_probe']);
    assert.deepEqual(engine.tablesRead('SELECT * FROM probe_alias'), ['probe']);
  });

  it('describes result columns without running the query', () => {
    const before = probe.scans.length;
    assert.deepEqual(engine.queryColumns('SELECT id, note, 1 + 1 AS two FROM probe'), [
      { name: 'id', type: 'BIGINT' },
      { name: 'note', type: 'TEXT' },
      { name: 'two', type: 'UNKNOWN' },
    ]);
    assert.equal(probe.scans.length, before);
  });

  it('lists tables sorted and discovers the utility tables', () => {
    const names = engine.tables().map((t) => t.name);
    assert.deepEqual(names, [...names].sort());
    for (const name of ['file', 'hash', 'osquery_info', 'time']) assert.ok(names.includes(name), name);
    assert.match(engine.sqliteVersion, /^3\.\d+\.\d+$/);
  });
});

describe('splitStatements', () => {
  it('splits complete statements and keeps the incomplete rest', () => {
    assert.deepEqual(splitStatements("SELECT 1; SELECT ';' -- ;\n; SELECT 2"), {
      statements: ['SELECT 1;', "SELECT ';' -- ;\n;"],
      rest: ' SELECT 2',
    });
    assert.deepEqual(splitStatements('SELECT "a;b", [c;d], /* ; */ 1;'), {
      statements: ['SELECT "a;b", [c;d], /* ; */ 1;'],
      rest: '',
    });
  });
});
