/**
 * schemas/ is the only contract between the stages: the types of the records on the bus are generated from the Avro
 * schemas (scripts/gen-schema-types.mjs) and imported from schemas/generated/. This test fails when a hand-written
 * copy of one appears anywhere else: a declaration named like a generated record or enum, or an interface/object
 * type whose field set is that of a generated record.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../../common/paths.js';

interface Declaration {
  file: string;
  name: string;
  /** Top-level field names of an object type; empty for a union or alias. */
  fields: string[];
}

/** Same name, other meaning: declarations that are not copies of a schema type (with why). */
const UNRELATED_NAMESAKES: ReadonlySet<string> = new Set([
  // A meta-command's argument rule in the shell, not an alert rule.
  'collector/shell/meta-parse.ts:Rule',
  // osquery's status log severity (0..3), not an alert's severity.
  'collector/daemon/status.ts:Severity',
]);

/** Records with fewer fields than this are too small for their field set to say anything (`{ type, name }`). */
const MIN_FIELDS_FOR_SHAPE_MATCH = 3;

const DECLARATION =
  /^[ \t]*(?:export\s+)?(?:declare\s+)?(?:interface|type)\s+([A-Z]\w*)(?:<[^>{=]*>)?\s*(?:extends\s[^{]*)?(=)?\s*(\{)?/gm;

/** The text between the brace at `open` and its match. */
function braceBody(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** The names of the members at the body's own level (nested object types are skipped). */
function topLevelFields(body: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    const match = depth === 0 ? /^\s*(?:readonly\s+)?(\w+)\??\s*:/.exec(line) : null;
    if (match?.[1] !== undefined) fields.push(match[1]);
    for (const ch of line) {
      if (ch === '{' || ch === '(' || ch === '[') depth += 1;
      else if (ch === '}' || ch === ')' || ch === ']') depth -= 1;
    }
  }
  return fields;
}

function declarationsIn(file: string, text: string): Declaration[] {
  const found: Declaration[] = [];
  for (const match of text.matchAll(DECLARATION)) {
    const name = match[1];
    if (name === undefined) continue;
    const braceAt = match[3] === undefined ? -1 : (match.index ?? 0) + match[0].length - 1;
    found.push({ file, name, fields: braceAt < 0 ? [] : topLevelFields(braceBody(text, braceAt)) });
  }
  return found;
}

function typeScriptFiles(dir: string, root: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'build', '.git'].includes(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...typeScriptFiles(full, root));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      files.push(relative(root, full).split('\\').join('/'));
  }
  return files;
}

const root = fromRoot();
const generatedDir = 'schemas/generated';
const generated = typeScriptFiles(fromRoot(generatedDir), root).flatMap((file) =>
  declarationsIn(file, readFileSync(join(root, file), 'utf8')),
);
const handWritten = typeScriptFiles(root, root)
  // This file's own sample copies are not copies.
  .filter(
    (file) =>
      !file.startsWith(`${generatedDir}/`) &&
      !file.startsWith('examples/') &&
      file !== 'test/architecture/contract.test.ts',
  )
  .flatMap((file) => declarationsIn(file, readFileSync(join(root, file), 'utf8')));

const fieldKey = (fields: readonly string[]): string => [...new Set(fields)].sort().join(',');

test('the generated schema types are found (the scan reads what it should)', () => {
  const names = new Set(generated.map((d) => d.name));
  for (const name of ['EnrichedEvent', 'NetworkEvent', 'Alert', 'HostMetadata', 'ResultEvent', 'Host', 'Severity']) {
    assert.ok(names.has(name), `${name} among the generated types`);
  }
  const alert = generated.find((d) => d.name === 'Alert');
  assert.ok(alert?.fields.includes('evidence') && alert.fields.includes('rule'), 'fields of Alert are read');
});

test('no type outside schemas/generated is named like a schema record or enum', () => {
  const schemaNames = new Set(
    generated.map((d) => d.name).filter((name) => !['SchemaName', 'SchemaTypes', 'SchemaInputs'].includes(name)),
  );
  const copies = handWritten
    .filter((d) => schemaNames.has(d.name) && !UNRELATED_NAMESAKES.has(`${d.file}:${d.name}`))
    .map((d) => `${d.file}: ${d.name} (import it from ${generatedDir}/)`);
  assert.deepEqual(copies, []);
});

test('no interface or object type outside schemas/generated has the field set of a schema record', () => {
  const shapes = new Map<string, string>();
  for (const d of generated) {
    if (d.fields.length >= MIN_FIELDS_FOR_SHAPE_MATCH) shapes.set(fieldKey(d.fields), `${d.file} ${d.name}`);
  }
  const copies = handWritten.flatMap((d) => {
    const same = shapes.get(fieldKey(d.fields));
    return d.fields.length >= MIN_FIELDS_FOR_SHAPE_MATCH && same !== undefined
      ? [`${d.file}: ${d.name} copies ${same}`]
      : [];
  });
  assert.deepEqual(copies, []);
});

test('the scan finds a hand-written copy (it is not vacuous)', () => {
  const copy =
    'export interface Observer {\n  type: string | null;\n  name: string | null;\n}\n' +
    'interface Flow {\n  ip?: string | null;\n  port?: number;\n  bytes?: number;\n  packets?: number;\n}\n';
  const found = declarationsIn('example.ts', copy);
  assert.deepEqual(
    found.map((d) => d.name),
    ['Observer', 'Flow'],
  );
  const flowShape = generated.find((d) => d.name === 'FlowEndpoint');
  assert.equal(fieldKey(found[1]?.fields ?? []), fieldKey(flowShape?.fields ?? ['missing']));
});
