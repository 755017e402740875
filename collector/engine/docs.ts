/**
 * docs/tables.md, generated from the table specs (the same specs drive `.schema`, PRAGMA table_info and the generic
 * table test); `osprey docs` (cli/docs/command.ts) writes it. Run `npm run docs` after changing a spec.
 */
import { fromRoot } from '../../common/paths.js';
import { schemaLine } from './schema.js';
import type { ColumnSpec, TableDefinition } from './spec.js';

export const TABLES_DOC = fromRoot('docs', 'tables.md');

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function columnFlags(column: ColumnSpec): string {
  const flags: string[] = [];
  if (column.required) flags.push('required');
  if (column.index) flags.push('index');
  if (column.additional) flags.push('additional');
  if (column.optimized) flags.push('optimized');
  if (column.hidden) flags.push('hidden');
  if (column.collate) flags.push(`collate ${column.collate.toLowerCase()}`);
  if (column.aliases?.length) flags.push(`alias ${column.aliases.join(', ')}`);
  return flags.join(', ');
}

function tableSection(table: TableDefinition): string[] {
  const attributes = Object.entries(table.attributes ?? {})
    .filter(([, on]) => on)
    .map(([name]) => name);
  const lines = [`## ${table.name}`, '', cell(table.description), ''];
  lines.push(
    `Platforms: ${table.platforms.join(', ')}.${attributes.length > 0 ? ` Attributes: ${attributes.join(', ')}.` : ''}`,
  );
  if (table.aliases?.length) lines.push(`Aliases: ${table.aliases.join(', ')}.`);
  if (table.columns.some((c) => c.required)) {
    lines.push('', 'Needs a constraint on a required column in the WHERE clause.');
  }
  lines.push('', '| column | type | description | options |', '|---|---|---|---|');
  for (const c of table.columns) lines.push(`| ${c.name} | ${c.type} | ${cell(c.description)} | ${columnFlags(c)} |`);
  lines.push(
    '',
    '```sql',
    schemaLine(table),
    ...(table.examples ?? []).map((e) => `${e.trim().replace(/;?$/, ';')}`),
    '```',
    '',
  );
  return lines;
}

export function renderTablesDoc(tables: readonly TableDefinition[]): string {
  const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Tables',
    '',
    'Generated from the table specs (`collector/tables/**/*.table.ts`) by `osprey docs` (`npm run docs`); do not edit.',
    'Names, types and column options follow osquery. Constraints on index, additional and required columns reach the',
    'table; SQLite checks the rest.',
    '',
    sorted.map((t) => `[${t.name}](#${t.name})`).join(' · '),
    '',
  ];
  for (const table of sorted) lines.push(...tableSection(table));
  return `${lines.join('\n').trimEnd()}\n`;
}
