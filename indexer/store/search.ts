/**
 * `osprey search` over the embedded store: free text (every term must appear, FTS5), field filters on ECS paths
 * (`process.name=nc`, exact, any element of an array; `process.command_line~curl`, substring), a time range and a
 * stream, newest first.
 */
import { OspreyError } from '../../common/errors.js';
import type { StreamKind } from '../documents/documents.js';
import type { DocumentStore, StoredDocument } from './store.js';

export interface FieldFilter {
  path: string;
  op: '=' | '~';
  value: string;
}

export interface SearchQuery {
  text?: string;
  stream?: StreamKind;
  fields?: readonly FieldFilter[];
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  limit?: number;
}

export function search(store: DocumentStore, query: SearchQuery): StoredDocument[] {
  const where: string[] = [];
  const params: unknown[] = [];
  let from = 'docs d';
  const fts = ftsExpression(query.text);
  if (fts) {
    from += ' JOIN docs_fts f ON f.rowid = d.seq';
    where.push('docs_fts MATCH ?');
    params.push(fts);
  }
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (query.stream) add('d.stream = ?', query.stream);
  if (query.since !== undefined) add('d.ts >= ?', query.since);
  if (query.until !== undefined) add('d.ts <= ?', query.until);
  for (const filter of query.fields ?? []) {
    const test = filter.op === '=' ? 'CAST(je.value AS TEXT) = ?' : "CAST(je.value AS TEXT) LIKE ? ESCAPE '\\'";
    where.push(`EXISTS (SELECT 1 FROM json_each(d.doc, ?) je WHERE ${test})`);
    params.push(jsonPath(filter.path), filter.op === '=' ? filter.value : `%${escapeLike(filter.value)}%`);
  }
  const sql =
    `SELECT d.id, d.stream, d.ts, d.doc FROM ${from}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY d.ts DESC, d.seq DESC LIMIT ?';
  params.push(query.limit ?? 50);
  const rows = store.db.prepare(sql).all(...params) as Array<{
    id: string;
    stream: StreamKind;
    ts: number;
    doc: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    stream: r.stream,
    timestamp: r.ts,
    body: JSON.parse(r.doc) as Record<string, unknown>,
  }));
}

/** Each whitespace-separated term becomes an FTS5 string, so user input can never be FTS syntax. */
function ftsExpression(text: string | undefined): string | undefined {
  const terms = (text ?? '').split(/\s+/).filter(Boolean);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
}

/** `process.name` → `$."process"."name"`; `@timestamp` works too. */
export function jsonPath(path: string): string {
  return `$${path
    .split('.')
    .map((p) => `."${p.replaceAll('"', '')}"`)
    .join('')}`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function parseFieldFilter(text: string): FieldFilter {
  const match = /^([@\w.]+)(=|~)(.*)$/s.exec(text);
  if (!match) {
    throw new OspreyError('CONFIG_INVALID', `Filter "${text}" is not FIELD=VALUE or FIELD~TEXT.`, { retriable: false });
  }
  return { path: match[1] ?? '', op: match[2] as '=' | '~', value: match[3] ?? '' };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `2h`, `7d` before now, or an ISO date / epoch ms. */
export function parseTime(text: string, now = Date.now()): number {
  const relative = /^(\d+)([smhd])$/.exec(text.trim());
  if (relative) return now - Number(relative[1]) * (UNITS[relative[2] ?? 's'] ?? 1000);
  if (/^\d+$/.test(text.trim())) return Number(text);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new OspreyError('CONFIG_INVALID', `Time "${text}" is not like 15m, 2h, 7d or an ISO date.`, {
      retriable: false,
    });
  }
  return parsed;
}
