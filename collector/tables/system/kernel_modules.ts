/**
 * `kernel_modules`: loaded modules from /proc/modules (osquery's genKernelModules). A kernel built without
 * module support has no /proc/modules: no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

export const MODULES_PATH = '/proc/modules';

export function genKernelModules(ctx: QueryContext, path = MODULES_PATH): Row[] {
  const text = readTextIfExists(path);
  if (text === null) return [];
  const rows: Row[] = [];
  for (const line of splitLines(text)) {
    const row = parseModuleLine(line);
    if (row === null) ctx.errors.skip(`malformed line in ${path}`);
    else rows.push(row);
  }
  return rows;
}

/** `name size refcount used_by status address [taint]`; used_by loses its trailing comma, as in osquery. */
export function parseModuleLine(line: string): Row | null {
  const f = line.trim().split(/\s+/);
  if (f.length < 6 || !/^\d+$/.test(f[1] ?? '')) return null;
  let usedBy = f[3] ?? '';
  if (usedBy.endsWith(',')) usedBy = usedBy.slice(0, -1);
  return { name: f[0], size: Number(f[1]), used_by: usedBy, status: f[4], address: f[5] };
}
