/**
 * `shadow`: /etc/shadow (osquery's genShadow via getspent). Hashes never leave this function: only the status
 * and the hash algorithm id are reported. Empty numeric fields are -1, as glibc's sgetspent returns them.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { isDenied, readTextIfExists, splitLines } from '../lib/read.js';

export const SHADOW_PATH = '/etc/shadow';

export function genShadow(ctx: QueryContext, path = SHADOW_PATH): Row[] {
  let text: string | null;
  try {
    text = readTextIfExists(path);
  } catch (err) {
    if (!isDenied(err)) throw err;
    ctx.errors.skip(`cannot read ${path} (needs root)`, err);
    return [];
  }
  if (text === null) return [];
  const names = ctx.equals('username').map(String);
  const rows: Row[] = [];
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const row = parseShadowLine(line);
    if (row === null) ctx.errors.skip(`malformed line ${i + 1} of ${path}`);
    else if (names.length === 0 || names.includes(String(row.username))) rows.push(row);
  });
  return rows;
}

const NUMERIC_FIELDS = ['last_change', 'min', 'max', 'warning', 'inactive', 'expire', 'flag'] as const;

/** One shadow(5) line as a row, or null when it does not have the nine fields or a number is not one. */
export function parseShadowLine(line: string): Row | null {
  const f = line.split(':');
  if (f.length !== 9 || f[0] === '') return null;
  const row: Row = { username: f[0], ...passwordFacts(f[1] ?? '') };
  for (let i = 0; i < NUMERIC_FIELDS.length; i++) {
    const text = f[i + 2] ?? '';
    if (text !== '' && !/^-?\d+$/.test(text)) return null;
    row[NUMERIC_FIELDS[i] as string] = text === '' ? -1 : Number(text);
  }
  return row;
}

/** password_status and hash_alg exactly as osquery derives them from the hash field. */
export function passwordFacts(password: string): { password_status: string; hash_alg?: string } {
  let status: string;
  if (password === '!!') status = 'not_set';
  else if (password.startsWith('!') || password.startsWith('*') || password.startsWith('x')) status = 'locked';
  else if (password === '') status = 'empty';
  else status = 'active';
  const alg = /^\$(\w+)\$/.exec(password)?.[1];
  return alg === undefined ? { password_status: status } : { password_status: status, hash_alg: alg };
}
