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
  /** Other names osquery accepts for the column; osquery declares each as a hidden column of the same type. */
  aliases?: string[];
}

/** osquery's Linux columns per table; columns of other platforms only may be present or absent in Osprey. */
const OSQUERY: ReadonlyMap<string, { linux: OsqueryColumn[]; otherPlatform: Set<string>; aliases: Set<string> }> = new Map(
  (
    JSON.parse(readFileSync(fromRoot('collector/engine/fixtures/osquery-linux-tables.json'), 'utf8')) as {
      tables: Array<{ name: string; columns: OsqueryColumn[] }>;
    }
  ).tables.map((t) => [
    t.name,
    {
      linux: t.columns.filter((c) => !c.other_platform_only),
      otherPlatform: new Set(t.columns.filter((c) => c.other_platform_only).map((c) => c.name)),
      aliases: new Set(t.columns.flatMap((c) => c.aliases ?? [])),
    },
  ]),
);

const flagsOf = (c: OsqueryColumn | ColumnSpec): string =>
  `${c.name} ${c.type}${c.required ? ' required' : ''}${c.index ? ' index' : ''}${c.additional ? ' additional' : ''}` +
  `${c.hidden ? ' hidden' : ''}`;

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
    assert.deepEqual(discovered.failures.map((f) => `${f.file}: ${String(f.error)}`), []);
  });

  for (const table of discovered.tables) checkTable(table, () => engine);
});

function checkTable(table: TableDefinition, engine: () => Engine): void {
  const osquery = OSQUERY.get(table.name);
  if (osquery !== undefined) {
    it(`${table.name}: spec matches osquery's`, () => {
      // A column alias may be declared as the hidden column osquery makes of it.
      const aliases = table.columns.filter((c) => osquery.aliases.has(c.name));
      assert.ok(aliases.every((c) => c.hidden), `${table.name}: a column alias must be hidden`);
      const ours = table.columns.filter((c) => !osquery.otherPlatform.has(c.name) && !osquery.aliases.has(c.name));
      assert.deepEqual(ours.map(flagsOf), osquery.linux.map(flagsOf));
    });
  }
  it(`${table.name}: PRAGMA table_info shows the declared visible columns`, () => {
    const info = engine().queryRows(`PRAGMA table_info(${table.name})`);
    assert.deepEqual(info.map((r) => [r.name, r.type]), table.columns.filter((c) => !c.hidden).map((c) => [c.name, c.type]));
  });
  if (table.columns.some((c) => c.required)) return;
  it(`${table.name}: SELECT * returns values of the declared types`, () => {
    const { columns, rows } = engine().query(`SELECT * FROM ${table.name}`);
    const visible = table.columns.filter((c) => !c.hidden);
    assert.deepEqual(columns, visible.map((c) => c.name));
    for (const row of rows) {
      visible.forEach((c, i) => checkValue(c.type, row[i] ?? null, `${table.name}.${c.name}`));
    }
  });
}
