#!/usr/bin/env node
/**
 * Regenerates the corpus fixtures the corpus test reads (test/corpus/fixtures/) from the shared corpora, which the
 * project must not need at test time: `node scripts/corpus-fixtures.mjs /path/to/shared/corpora`.
 *  - elastic_osquery_transforms.jsonl: every [[transform.osquery]] query of the Elastic Linux rules, one line per
 *    distinct query text (with how many rules carry it).
 *  - osquery_packs_other_platforms.jsonl: the pack queries the Linux selection (queries/*.jsonl) left out for their
 *    platform; the test keeps those whose tables osquery also has on Linux.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const corpora = process.argv[2] ?? '../shared/corpora';
const out = new URL('../test/corpus/fixtures/', import.meta.url);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** TOML basic strings as the rules write them: "…" on one line or """…""" over several, with \-escapes. */
function tomlString(text, at) {
  const triple = text.startsWith('"""', at);
  const open = triple ? 3 : 1;
  let i = at + open;
  if (triple && text[i] === '\n') i++; // TOML drops a newline right after the opening quotes
  let value = '';
  while (i < text.length) {
    if (triple ? text.startsWith('"""', i) : text[i] === '"') return value;
    if (text[i] === '\\') {
      const esc = text[i + 1];
      value += { n: '\n', t: '\t', '"': '"', '\\': '\\', r: '\r' }[esc] ?? `\\${esc}`;
      i += 2;
    } else value += text[i++];
  }
  throw new Error('unterminated string');
}

function elasticTransforms() {
  const root = join(corpora, 'elastic-detection-rules');
  const byQuery = new Map();
  for (const file of walk(root).filter((f) => f.endsWith('.toml'))) {
    const text = readFileSync(file, 'utf8');
    for (const block of text.split('[[transform.osquery]]').slice(1)) {
      const label = /^label = "(.*)"$/m.exec(block)?.[1] ?? '';
      const at = block.indexOf('query = "');
      if (at < 0) continue;
      const query = tomlString(block, at + 'query = '.length);
      const seen = byQuery.get(query);
      if (seen) seen.rules++;
      else
        byQuery.set(query, { source: `elastic/detection-rules:${relative(root, file)}`, name: label, query, rules: 1 });
    }
  }
  return [...byQuery.values()];
}

/**
 * osquery pack files are JSON as osquery reads them: a backslash before a newline continues a string on the next
 * line; other backslashes JSON does not allow (osx-attacks.conf's regexes) are kept as written.
 */
function parsePack(text) {
  const escaped = text.replace(/\\([\s\S])/g, (pair, ch) => {
    if (ch === '\n') return '';
    return '"\\/bfnrtu'.includes(ch) ? pair : `\\${pair}`;
  });
  return JSON.parse(escaped);
}

function otherPlatformPackQueries() {
  const linux = new Set(
    ['osquery_packs.jsonl', 'teoseller_osquery_attck.jsonl'].flatMap((f) =>
      readFileSync(join(corpora, 'queries', f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const q = JSON.parse(l);
          return `${q.source}\n${q.name}`;
        }),
    ),
  );
  const raw = join(corpora, 'queries', 'raw');
  const lines = [];
  for (const file of walk(raw).filter((f) => f.endsWith('.conf'))) {
    const [owner, ...path] = relative(raw, file).split('/');
    const source = `${owner.replace('__', '/')}:${path.join('/')}`;
    const pack = parsePack(readFileSync(file, 'utf8'));
    for (const [name, q] of Object.entries(pack.queries ?? {})) {
      if (linux.has(`${source}\n${name}`)) continue;
      lines.push({ source, name, query: q.query, platform: q.platform ?? pack.platform ?? null });
    }
  }
  return lines;
}

function write(file, items) {
  writeFileSync(new URL(file, out), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  console.log(`${file}: ${items.length} queries`);
}

write('elastic_osquery_transforms.jsonl', elasticTransforms());
write('osquery_packs_other_platforms.jsonl', otherPlatformPackQueries());
