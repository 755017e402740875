/**
 * The test every table gets for free: its spec matches osquery's (names, order, types, required/index/additional/
 * hidden flags) where osquery has the table, and where no column is required, `SELECT *` through the engine returns
 * values of the declared types (INTEGER/BIGINT integers, DOUBLE numbers, TEXT strings, NULL allowed).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { discoverTables } from './discovery.js';
import { Engine } from './engine.js';
import type { ColumnSpec, SqlValue, TableDefinition } from './spec.js';

interface OsqueryColumn {
  name: string;
  type: string;
  required?: boolean;
  index?: boolean;
  additional?: boolean;
  hidden?: boolean;
  other_platform_only?: boolean;
  aliases?: string[];
}

/**
 * osquery's columns per table as its Linux build declares them: the Linux columns, and the columns of other
 * platforms (`other_platform_only`), which exist there as HIDDEN columns so queries naming them run.
 */
const OSQUERY: ReadonlyMap<string, OsqueryColumn[]> = new Map(
  (
    JSON.parse(readFileSync(fromRoot('collector/engine/fixtures/osquery-linux-tables.json'), 'utf8')) as {
      tables: Array<{ name: string; columns: OsqueryColumn[] }>;
    }
  ).tables.map((t) => [t.name, t.columns]),
);

const flagsOf = (c: OsqueryColumn | ColumnSpec): string =>
  `${c.name} ${c.type}${c.required ? ' required' : ''}${c.index ? ' index' : ''}${c.additional ? ' additional' : ''}` +
  `${c.hidden ? ' hidden' : ''}${c.aliases?.length ? ` aliases=${c.aliases.join(',')}` : ''}`;

function checkValue(type: string, value: SqlValue, where: string): void {
  if (value === null) return;
  switch (type) {
    case 'INTEGER':
    case 'BIGINT':
    case 'UNSIGNED BIGINT':
      assert.ok(typeof value === 'bigint' || Number.isInteger(value), `${where}: ${String(value)} is not an integer`);
      return;
    case 'DOUBLE':
      assert.ok(typeof value === 'number', `${where}: ${String(value)} is not a number`);
      return;
    default:
      assert.equal(typeof value, 'string', `${where}: ${String(value)} is not text`);
  }
}

const discovered = await discoverTables();

describe('every discovered table', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('loads every spec file', () => {
    assert.deepEqual(
      discovered.failures.map((f) => `${f.file}: ${String(f.error)}`),
      [],
    );
  });

  for (const table of discovered.tables) checkTable(table, () => engine);
});

function checkTable(table: TableDefinition, engine: () => Engine): void {
  const osquery = OSQUERY.get(table.name);
  if (osquery !== undefined) {
    it(`${table.name}: spec matches osquery's (columns, types, order, flags, aliases, other platforms' as hidden)`, () => {
      assert.deepEqual(table.columns.map(flagsOf), osquery.map(flagsOf));
    });
  }
  it(`${table.name}: PRAGMA table_info shows the declared visible columns`, () => {
    const info = engine().queryRows(`PRAGMA table_info(${table.name})`);
    assert.deepEqual(
      info.map((r) => [r.name, r.type]),
      table.columns.filter((c) => !c.hidden).map((c) => [c.name, c.type]),
    );
  });
  if (table.columns.some((c) => c.required)) return;
  it(`${table.name}: SELECT * returns values of the declared types`, () => {
    const { columns, rows } = engine().query(`SELECT * FROM ${table.name}`);
    const visible = table.columns.filter((c) => !c.hidden);
    assert.deepEqual(
      columns,
      visible.map((c) => c.name),
    );
    for (const row of rows) {
      visible.forEach((c, i) => checkValue(c.type, row[i] ?? null, `${table.name}.${c.name}`));
    }
  });
}
