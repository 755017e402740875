/**
 * docs/tables.md, generated from the table specs (the same specs drive `.schema`, PRAGMA table_info and the generic
 * table test), and the `osprey docs` command that writes it. Run `npm run docs` after changing a spec.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '../../common/command.js';
import { parseFlags } from '../../common/command-flags.js';
import { fromRoot } from '../../common/paths.js';
import { discoverTables } from './discovery.js';
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
  return flags.join(', ');
}

function tableSection(table: TableDefinition): string[] {
  const attributes = Object.entries(table.attributes ?? {}).filter(([, on]) => on).map(([name]) => name);
  const lines = [`## ${table.name}`, '', cell(table.description), ''];
  lines.push(`Platforms: ${table.platforms.join(', ')}.${attributes.length > 0 ? ` Attributes: ${attributes.join(', ')}.` : ''}`);
  if (table.aliases?.length) lines.push(`Aliases: ${table.aliases.join(', ')}.`);
  if (table.columns.some((c) => c.required)) {
    lines.push('', 'Needs a constraint on a required column in the WHERE clause.');
  }
  lines.push('', '| column | type | description | options |', '|---|---|---|---|');
  for (const c of table.columns) lines.push(`| ${c.name} | ${c.type} | ${cell(c.description)} | ${columnFlags(c)} |`);
  lines.push('', '```sql', schemaLine(table), ...(table.examples ?? []).map((e) => `${e.trim().replace(/;?$/, ';')}`), '```', '');
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

export const docsCommand: Command = {
  usage: 'osprey docs',
  description: 'Writes docs/tables.md (every table, its columns and platforms) from the table specs.',
  example: 'npm run docs',
  flags: {},
  async run(argv) {
    parseFlags({}, argv);
    const { tables, failures } = await discoverTables();
    for (const failure of failures) process.stderr.write(`osprey docs: ${failure.file}: ${String(failure.error)}\n`);
    // docs/tables.md is part of the source tree, not data the agent keeps, so it is written with the tree's modes.
    writeFileSync(TABLES_DOC, renderTablesDoc(tables));
    process.stdout.write(`Wrote ${TABLES_DOC} (${tables.length} tables).\n`);
    return failures.length > 0 ? 1 : 0;
  },
};
