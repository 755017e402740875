/**
 * The declared shape of a table as osquery prints it (`columnDefinition()` in osquery/core/tables.cpp): the same text
 * is `.schema` output and the schema SQLite's virtual table is declared with, so `PRAGMA table_info` matches osquery.
 */
import { declaredColumns, type ColumnSpec, type ColumnType, type TableSpec } from './spec.js';

/**
 * `CREATE TABLE t(`a` TEXT, … , PRIMARY KEY (`a`)) WITHOUT ROWID` (no trailing semicolon); column aliases follow the
 * spec's columns as HIDDEN columns, as osquery declares them.
 */
export function createTableSql(spec: TableSpec): string {
  const declared = declaredColumns(spec);
  const columns = declared.map(columnDefinition);
  const keys = primaryKey(declared);
  if (keys.length > 0) columns.push(`PRIMARY KEY (${keys.map((name) => `\`${name}\``).join(', ')})`);
  return `CREATE TABLE ${spec.name}(${columns.join(', ')})${keys.length > 0 ? ' WITHOUT ROWID' : ''}`;
}

/** One `.schema` line. */
export function schemaLine(spec: TableSpec): string {
  return `${createTableSql(spec)};`;
}

function columnDefinition(column: ColumnSpec): string {
  let text = `\`${column.name}\` ${column.type}`;
  if (column.hidden) text += ' HIDDEN';
  if (column.collate) text += ` COLLATE ${column.collate}`;
  return text;
}

/** INDEX and ADDITIONAL columns; with ADDITIONAL but no INDEX columns, osquery keys on every column. */
function primaryKey(columns: readonly ColumnSpec[]): string[] {
  const hasIndex = columns.some((c) => c.index);
  const hasAdditional = columns.some((c) => c.additional);
  if (!hasIndex && hasAdditional) return columns.map((c) => c.name);
  return columns.filter((c) => c.index || c.additional).map((c) => c.name);
}

/** Per-column type codes the native module uses to store values: T text, I integer, D double, B blob. */
export function typeCodes(columns: readonly ColumnSpec[]): string {
  return columns.map((c) => TYPE_CODE[c.type]).join('');
}

const TYPE_CODE: Record<ColumnType, string> = {
  TEXT: 'T',
  BLOB: 'B',
  INTEGER: 'I',
  BIGINT: 'I',
  'UNSIGNED BIGINT': 'I',
  DOUBLE: 'D',
};

/**
 * Per-column pushdown codes: R required (its constraints are pushed too), P index/additional, - neither; lower-case
 * when the column is OPTIMIZED, so an `IN (...)` list reaches the generator in one scan rather than one per value.
 */
export function pushdownCodes(columns: readonly ColumnSpec[]): string {
  return columns
    .map((c) => {
      const code = c.required ? 'R' : c.index || c.additional ? 'P' : '-';
      return c.optimized && code !== '-' ? code.toLowerCase() : code;
    })
    .join('');
}
