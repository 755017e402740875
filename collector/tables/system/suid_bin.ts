/**
 * `suid_bin`: setuid/setgid files under the standard binary directories (osquery's genSuidBin): walk each tree
 * without descending into symlinked directories; a symlink to a setuid file is reported, as osquery's stat-based
 * check does.
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readGroups, readPasswd } from '../lib/accounts.js';

export const SUID_SEARCH_PATHS = [
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/tmp',
];
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;

export function genSuidBin(ctx: QueryContext, searchPaths: readonly string[] = SUID_SEARCH_PATHS): Row[] {
  const users = new Map(readPasswd().map((u) => [u.uid, u.username]));
  const groups = new Map(readGroups().map((g) => [g.gid, g.groupname]));
  const rows: Row[] = [];
  const visit = (path: string, stats: Stats): void => {
    const special = stats.mode & (S_ISUID | S_ISGID);
    if (!stats.isFile() || special === 0) return;
    rows.push({
      path,
      username: users.get(stats.uid) ?? String(stats.uid),
      groupname: groups.get(stats.gid) ?? String(stats.gid),
      permissions: `${special & S_ISUID ? 'S' : ''}${special & S_ISGID ? 'G' : ''}`,
      pid_with_namespace: 0,
    });
  };
  for (const root of searchPaths) walk(ctx, root, visit);
  return rows;
}

function walk(ctx: QueryContext, dir: string, visit: (path: string, stats: Stats) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.errors.skip(`cannot list ${dir}`, err);
    return;
  }
  for (const name of names) {
    const path = `${dir === '/' ? '' : dir}/${name}`;
    let link: Stats;
    let target: Stats;
    try {
      link = lstatSync(path);
      target = link.isSymbolicLink() ? statSync(path) : link;
    } catch (err) {
      ctx.errors.skip(`cannot stat ${path}`, err);
      continue;
    }
    if (target.isDirectory()) {
      if (!link.isSymbolicLink()) walk(ctx, path, visit);
      continue;
    }
    visit(path, target);
  }
}
