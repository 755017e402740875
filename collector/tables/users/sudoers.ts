/**
 * `sudoers`: /etc/sudoers and the files it includes (osquery's genSudoers): one row per rule with its first word
 * as header, plus a row per include directive, following `#include`/`@include` files and `#includedir`/
 * `@includedir` directories (skipping names with '.' or ending in '~', as sudo does) up to 128 levels.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

export const SUDOERS_PATH = '/etc/sudoers';
const MAX_NEST = 128;

export function genSudoers(ctx: QueryContext, path = SUDOERS_PATH): Row[] {
  const rows: Row[] = [];
  readSudoersFile(ctx, path, 1, rows);
  return rows;
}

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
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    const include = /^[#@](includedir|include)\s+(.+)$/.exec(line);
    if (include) {
      const [, kind, target] = include;
      const resolved = target?.startsWith('/') ? target : join(dirname(path), target ?? '');
      rows.push({ source: path, header: kind, rule_details: resolved });
      if (kind === 'includedir') readIncludeDir(ctx, resolved, level, rows);
      else readSudoersFile(ctx, resolved, level + 1, rows);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    rows.push({ source: path, header: words[0], rule_details: words.slice(1).join(' ') });
  }
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
