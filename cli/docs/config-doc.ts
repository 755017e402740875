/**
 * docs/config.md, generated from the code: each pipeline stage's YAML config from its zod schema (types, defaults and
 * the schema's own descriptions), and the collector's flags from the flag definitions, with the source files that
 * read each flag, so a maintainer can go from a setting to the code that acts on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { FlagDefinition } from '../../collector/flags/flags.js';

export interface StageConfigDoc {
  /** The command that reads the file: `osprey enricher --config enricher.yml`. */
  readonly command: string;
  /** The file that defines the schema, relative to the repository root. */
  readonly file: string;
  readonly schema: z.ZodType;
}

export interface FlagDoc {
  readonly definition: FlagDefinition;
  /** Production source files that name the flag, relative to the repository root. */
  readonly readIn: readonly string[];
}

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly fallback: string;
  readonly description: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function typeText(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeText).join(' or ');
  if (schema.type === 'array') return `${schema.items ? typeText(schema.items) : 'value'}[]`;
  if (schema.type === 'object') {
    const values = schema.additionalProperties;
    return typeof values === 'object' ? `map of ${typeText(values)}` : 'object';
  }
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

/** The union's variants when it is an object union told apart by a `type` constant (the bus, the sink). */
function discriminatedVariants(schema: JsonSchema): JsonSchema[] | undefined {
  const union = schema.oneOf ?? schema.anyOf;
  if (!union || !union.every((v) => v.properties?.type?.const !== undefined)) return undefined;
  return union;
}

function described(note: string, description: string | undefined): string {
  return `${note}${description ?? ''}`.trim();
}

function collectFields(schema: JsonSchema, path: string, note: string, rows: FieldRow[]): void {
  const variants = discriminatedVariants(schema);
  if (variants) {
    rows.push({
      path,
      type: 'object',
      fallback: fallbackText(schema),
      description: described(note, schema.description ?? 'One of the shapes below, chosen by `type`.'),
    });
    for (const variant of variants)
      collectFields(variant, path, `(type ${JSON.stringify(variant.properties?.type?.const)}) `, rows);
    return;
  }
  if (schema.type === 'object' && schema.properties) {
    if (path !== '' && (schema.description || schema.default !== undefined)) {
      rows.push({ path, type: 'object', fallback: '', description: described(note, schema.description) });
    }
    for (const [key, child] of Object.entries(schema.properties)) {
      if (key === 'type' && child.const !== undefined) continue;
      collectFields(child, path === '' ? key : `${path}.${key}`, note, rows);
    }
    return;
  }
  rows.push({
    path,
    type: typeText(schema),
    fallback: fallbackText(schema),
    description: described(note, schema.description),
  });
}

function fallbackText(schema: JsonSchema): string {
  if (schema.default === undefined) return '';
  const text = JSON.stringify(schema.default);
  return text.length > 60 ? '(see the fields)' : `\`${text}\``;
}

export function configFields(schema: z.ZodType): FieldRow[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: FieldRow[] = [];
  collectFields(json, '', '', rows);
  return rows;
}

function stageSection(stage: StageConfigDoc): string[] {
  const lines = [
    `## \`${stage.command}\``,
    '',
    `Schema: \`${stage.file}\`.`,
    '',
    '| field | type | default | meaning |',
    '|---|---|---|---|',
  ];
  for (const row of configFields(stage.schema)) {
    lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${row.fallback} | ${cell(row.description)} |`);
  }
  lines.push('');
  return lines;
}

function flagSection(flags: readonly FlagDoc[]): string[] {
  const lines = [
    '## Collector flags (`osprey daemon`, `ospreyi`)',
    '',
    "osquery's flags are all accepted (`collector/flags/osquery-flags.json`, listed by the `osquery_flags` table); these",
    'are the ones the code reads, with the files that read them. Kind `OSPREY_FLAG` marks flags osquery does not have.',
    '',
    '| flag | type | default | kind | meaning | read in |',
    '|---|---|---|---|---|---|',
  ];
  for (const { definition: d, readIn } of flags) {
    // osquery-flags.json keeps some defaults as JSON numbers and booleans.
    const fallback = String(d.default as unknown);
    lines.push(
      `| \`--${d.name}\` | ${d.type} | ${fallback === '' ? '' : `\`${cell(fallback)}\``} | ${d.kind} | ${cell(d.description)} | ${readIn.join(', ')} |`,
    );
  }
  lines.push('');
  return lines;
}

export function renderConfigDoc(stages: readonly StageConfigDoc[], flags: readonly FlagDoc[]): string {
  const lines = [
    '# Configuration reference',
    '',
    'Generated from the zod config schemas and the flag definitions by `osprey docs` (`npm run docs`); do not edit.',
    'A stage reads its YAML (or JSON) file once at start (`loadStageConfig`, common/stage-kit/stage-config.ts) and reports every',
    'invalid field with its path. How the parts fit together: [architecture.md](architecture.md).',
    '',
  ];
  for (const stage of stages) lines.push(...stageSection(stage));
  lines.push(...flagSection(flags));
  return `${lines.join('\n').trimEnd()}\n`;
}

const PRODUCTION_DIRS = ['cli', 'collector', 'common', 'correlator', 'enricher', 'indexer'];

function productionSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'fixtures') files.push(...productionSources(full));
    else if (
      entry.isFile() &&
      entry.name.endsWith('.ts') &&
      !/\.(test|d)\.ts$/.test(entry.name) &&
      !/^test|testing/.test(entry.name)
    ) {
      files.push(full);
    }
  }
  return files;
}

/** The accessors that read a flag by name: `flags.get('x')`, `getBool`, `getNumber`, `isSet`, and the helpers. */
const FLAG_ACCESSOR = String.raw`(?:\.get|\.getBool|\.getNumber|\.isSet|\bflag|\bflagOn|\bpick)\(\s*(?:\w+\s*,\s*)?`;

/**
 * What finds a flag's readers in source text. A name with an underscore (`config_path`) is specific enough to count
 * wherever it is quoted; a single word (`connect`, `list`, `A`) is also a meta-command, an output mode, a syscall or a
 * column, so it counts only as the name given to a flag accessor.
 */
function flagReference(name: string): RegExp {
  return name.includes('_') ? new RegExp(`['"\`]${name}['"\`]`) : new RegExp(`${FLAG_ACCESSOR}['"\`]${name}['"\`]`);
}

/**
 * The flags some production file reads, other than where flags are defined. A flag named only in the definitions is
 * accepted for compatibility and does nothing, so it is left out.
 */
export function flagReaders(
  root: string,
  definitions: readonly FlagDefinition[],
  definitionFiles: readonly string[],
): FlagDoc[] {
  const texts = PRODUCTION_DIRS.flatMap((dir) => productionSources(join(root, dir)))
    .map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }))
    .filter(({ file }) => !definitionFiles.includes(file))
    .sort((a, b) => a.file.localeCompare(b.file));
  const docs: FlagDoc[] = [];
  for (const definition of [...definitions].sort((a, b) => a.name.localeCompare(b.name))) {
    const reference = flagReference(definition.name);
    const readIn = texts.filter(({ text }) => reference.test(text)).map(({ file }) => file);
    if (readIn.length > 0) docs.push({ definition, readIn });
  }
  return docs;
}
