/**
 * The published query corpora (fixtures/, see PROVENANCE.md) and how a query's outcome is sorted by cause, as a
 * user reading osquery's error would sort it.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/paths.js';
import type { Engine } from '../../collector/engine/engine.js';

export interface CorpusQuery {
  source: string;
  name: string;
  query: string;
}

export type Cause = 'no such table' | 'no such column' | 'syntax' | 'other';

export type Outcome = { kind: 'ran'; rows: number } | { kind: 'failed'; cause: Cause; message: string };

export const CORPUS_FILES = [
  'osquery_packs.jsonl',
  'teoseller_osquery_attck.jsonl',
  'osquery_packs_other_platforms.jsonl',
  'elastic_osquery_transforms.jsonl',
] as const;

/**
 * Values for the Elastic investigation-guide placeholders. Kibana substitutes `{{field}}` with the alert's value
 * as written, unquoted (replace_params_query.ts), so `username = {{user.name}}` becomes `username = root`.
 */
const PLACEHOLDER_VALUES: Readonly<Record<string, string>> = {
  'user.name': 'root',
  'group.name': 'root',
  'file.path': '/etc/passwd',
  'process.user.id': '0',
};

export function substitutePlaceholders(sql: string): string {
  return sql.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, field: string) => PLACEHOLDER_VALUES[field] ?? whole);
}

export function loadCorpus(files: readonly string[] = CORPUS_FILES): CorpusQuery[] {
  return files.flatMap((file) =>
    readFileSync(fromRoot('test/corpus/fixtures', file), 'utf8').split('\n').filter((l) => l.trim() !== '')
      .map((line) => JSON.parse(line) as CorpusQuery)
      .map((q) => ({ source: q.source, name: q.name, query: substitutePlaceholders(q.query) })));
}

export function linuxTableNames(): Set<string> {
  const text = readFileSync(fromRoot('test/corpus/fixtures/osquery-linux-table-names.txt'), 'utf8');
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
}

export function causeOf(message: string): Cause {
  if (message.startsWith('no such table:')) return 'no such table';
  if (message.startsWith('no such column:')) return 'no such column';
  if (/syntax error|incomplete input|unrecognized token/.test(message)) return 'syntax';
  return 'other';
}

export function runQuery(engine: Engine, sql: string): Outcome {
  try {
    return { kind: 'ran', rows: engine.query(sql).rows.length };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'failed', cause: causeOf(message), message };
  }
}

/** `ran N of M (P%); no such table A, no such column B, syntax C, other D`. */
export function summarize(outcomes: readonly Outcome[]): string {
  const ran = outcomes.filter((o) => o.kind === 'ran').length;
  const causes: Cause[] = ['no such table', 'no such column', 'syntax', 'other'];
  const failed = causes.map((c) => `${c} ${outcomes.filter((o) => o.kind === 'failed' && o.cause === c).length}`);
  const share = outcomes.length === 0 ? 100 : (100 * ran) / outcomes.length;
  return `ran ${ran} of ${outcomes.length} (${share.toFixed(1)}%); failed: ${failed.join(', ')}`;
}
