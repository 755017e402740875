/**
 * `suid_bin`: setuid/setgid files under the standard binary directories (osquery's genSuidBin): walk each tree
 * without descending into symlinked directories; a symlink to a setuid file is reported, as osquery's stat-based
 * check does. The walk is one native call (native/mode_walk.c): the incident-response pack runs this table every
 * few seconds over /tmp too, and an lstatSync per entry from JS was the daemon's largest cost.
 */
import { createRequire } from 'node:module';
import type { QueryContext, Row } from '../../engine/spec.js';
import { ADDON_PATH } from '../../engine/native.js';
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

/** A regular file whose mode (symlinks followed) has a bit of the mask. */
export interface ModeMatch {
  path: string;
  uid: number;
  gid: number;
  mode: number;
}

interface ModeWalkAddon {
  modeWalk(roots: readonly string[], mask: number): { matches: ModeMatch[]; errors: NodeJS.ErrnoException[] };
}

let addon: ModeWalkAddon | undefined;

/** The native walk: names sorted bytewise, symlinked directories not descended into, errors collected. */
export function modeWalk(roots: readonly string[], mask: number): ReturnType<ModeWalkAddon['modeWalk']> {
  addon ??= createRequire(import.meta.url)(ADDON_PATH) as ModeWalkAddon;
  return addon.modeWalk(roots, mask);
}

export function genSuidBin(ctx: QueryContext, searchPaths: readonly string[] = SUID_SEARCH_PATHS): Row[] {
  const { matches, errors } = modeWalk(searchPaths, S_ISUID | S_ISGID);
  for (const err of errors) {
    // A missing search path (no /usr/local/sbin) is normal; anything else is worth a skipped-row note.
    if (err.syscall === 'scandir' && err.code === 'ENOENT') continue;
    ctx.errors.skip(`cannot ${err.syscall === 'scandir' ? 'list' : 'stat'} ${err.path ?? ''}`, err);
  }
  if (matches.length === 0) return [];
  const users = new Map(readPasswd().map((u) => [u.uid, u.username]));
  const groups = new Map(readGroups().map((g) => [g.gid, g.groupname]));
  return matches.map(({ path, uid, gid, mode }) => ({
    path,
    username: users.get(uid) ?? String(uid),
    groupname: groups.get(gid) ?? String(gid),
    permissions: `${mode & S_ISUID ? 'S' : ''}${mode & S_ISGID ? 'G' : ''}`,
    pid_with_namespace: 0,
  }));
}
