/**
 * `process_open_files`: every descriptor in /proc/<pid>/fd with its link target (osquery's genOpenFiles lists
 * files, sockets, pipes and anonymous inodes alike, as `socket:[1234]`, `pipe:[5678]`, `anon_inode:[eventfd]`).
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, pidsFromContext } from '../lib/proc.js';
import { readLinkOrEmpty } from '../lib/read.js';

export function genProcessOpenFiles(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  const wantPath = ctx.used('path');
  for (const pid of pidsFromContext(ctx)) {
    let fds: string[];
    try {
      fds = readdirSync(`${PROC}/${pid}/fd`);
    } catch (err) {
      ctx.errors.skip(`cannot list ${PROC}/${pid}/fd`, err);
      continue;
    }
    for (const fd of fds) {
      // A descriptor closed between readdir and readlink has no target; osquery drops it too.
      const path = wantPath ? readLinkOrEmpty(`${PROC}/${pid}/fd/${fd}`) : undefined;
      if (path === '') continue;
      rows.push({ pid, fd: Number(fd), path });
    }
  }
  return rows;
}
