/**
 * `apparmor_profiles`: loaded AppArmor profiles and their sub-profiles from securityfs (osquery's
 * genAppArmorProfiles). No AppArmor (or securityfs not mounted) means no rows.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readText } from '../lib/read.js';

export const APPARMOR_PROFILES = '/sys/kernel/security/apparmor/policy/profiles';

export function genApparmorProfiles(ctx: QueryContext, root = APPARMOR_PROFILES): Row[] {
  if (!existsSync(root)) return [];
  const rows: Row[] = [];
  const queue: Array<{ parent: string; dir: string }> = listProfiles(ctx, root).map((dir) => ({ parent: '', dir }));
  while (queue.length > 0) {
    const { parent, dir } = queue.shift() as { parent: string; dir: string };
    const row = readProfile(ctx, dir, parent);
    if (row === null) continue;
    rows.push(row);
    const sub = `${dir}/profiles`;
    if (existsSync(sub))
      for (const child of listProfiles(ctx, sub)) queue.push({ parent: String(row.name), dir: child });
  }
  return rows;
}

function listProfiles(ctx: QueryContext, dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${dir}/${e.name}`)
      .sort();
  } catch (err) {
    ctx.errors.skip(`cannot list ${dir}`, err);
    return [];
  }
}

/** A profile directory holds name, mode, attach and hash files; the path joins parent names with "//". */
function readProfile(ctx: QueryContext, dir: string, parent: string): Row | null {
  try {
    const field = (f: string): string => readText(`${dir}/${f}`).trim();
    const name = field('name');
    const row: Row = { name, mode: field('mode'), attach: field('attach'), sha1: field('sha1') };
    row.sha256 = optionalField(dir, 'sha256');
    row.path = parent === '' ? name : `${parent}//${name}`;
    return row;
  } catch (err) {
    ctx.errors.skip(`cannot read AppArmor profile ${dir}`, err);
    return null;
  }
}

/** Newer kernels expose sha256 next to sha1; older ones do not. */
function optionalField(dir: string, name: string): string | null {
  try {
    return readText(`${dir}/${name}`).trim();
  } catch {
    return null;
  }
}
