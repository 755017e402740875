/**
 * `sudoers`: /etc/sudoers and the files it includes, as osquery 5's genSudoersFile reads them: one row per rule,
 * header = its first word and rule_details = the rest as written (trimmed of spaces, tabs and vertical tabs); a
 * rule ending in `\` continues on the next line, which is appended in place of the backslash; include lines
 * (`#include`, `@include`, `#includedir`, `@includedir`) are rows with that header and the path as written, then
 * followed (relative paths against the including file's directory; in directories, names with '.' or ending in '~'
 * are skipped, as sudo does) up to 128 levels.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

export const SUDOERS_PATH = '/etc/sudoers';
const MAX_NEST = 128;
const INCLUDE = new Set(['#include', '@include']);
const INCLUDE_DIR = new Set(['#includedir', '@includedir']);

export function genSudoers(ctx: QueryContext, path = SUDOERS_PATH): Row[] {
  const rows: Row[] = [];
  readSudoersFile(ctx, path, 1, rows);
  return rows;
}

const trimSudo = (text: string): string => text.replace(/^[\t\v ]+|[\t\v ]+$/g, '');

function readSudoersFile(ctx: QueryContext, path: string, level: number, rows: Row[]): void {
  if (level > MAX_NEST) {
    ctx.errors.skip(`sudoers include depth above ${MAX_NEST} at ${path}`);
    return;
  }
  let text: string | null;
  try {
    text = readTextIfExists(path);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return;
  }
  if (text === null) return;
  let continued: Row | undefined;
  for (const raw of text.split('\n')) {
    const line = trimSudo(raw);
    if (line === '') continue;
    if (continued !== undefined) {
      appendContinuation(continued, line);
      if (!line.endsWith('\\')) continued = undefined;
      continue;
    }
    const headerEnd = line.search(/[\t\v ]/);
    const header = headerEnd < 0 ? line : line.slice(0, headerEnd);
    const details = headerEnd < 0 ? '' : trimSudo(line.slice(headerEnd));
    const include = INCLUDE.has(header);
    const includeDir = INCLUDE_DIR.has(header);
    if (line.startsWith('#') && !include && !includeDir) continue;
    // An include without a target is a comment.
    if (details === '' && (include || includeDir)) continue;
    const row: Row = { source: path, header, rule_details: details };
    rows.push(row);
    if (!include && !includeDir && line.endsWith('\\')) continued = row;
    const target = details.startsWith('/') ? details : join(dirname(path), details);
    if (includeDir) readIncludeDir(ctx, target, level, rows);
    else if (include) readSudoersFile(ctx, target, level + 1, rows);
  }
}

/** osquery drops the trailing backslash (from rule_details, or the header when there are none) and appends the line. */
function appendContinuation(row: Row, line: string): void {
  const details = String(row.rule_details ?? '');
  if (details === '') row.header = String(row.header ?? '').slice(0, -1);
  row.rule_details = (details === '' ? '' : details.slice(0, -1)) + line;
}

function readIncludeDir(ctx: QueryContext, dir: string, level: number, rows: Row[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    ctx.errors.skip(`cannot list sudoers includedir ${dir}`, err);
    return;
  }
  for (const name of names) {
    if (name.includes('.') || name.endsWith('~')) continue;
    readSudoersFile(ctx, join(dir, name), level + 1, rows);
  }
}
