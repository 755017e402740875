/**
 * `process_open_files`: the file descriptors in /proc/<pid>/fd that name files (osquery's genOpenFiles skips
 * sockets, pipes and anonymous inodes, which process_open_sockets and process_open_pipes cover).
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, pidsFromContext } from '../lib/proc.js';
import { readLinkOrEmpty } from '../lib/read.js';

/** Link targets of descriptors that are not vnodes, as osquery recognises them. */
const NOT_A_FILE = /^(socket:|pipe:|anon_inode:)/;

export function genProcessOpenFiles(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  for (const pid of pidsFromContext(ctx)) {
    let fds: string[];
    try {
      fds = readdirSync(`${PROC}/${pid}/fd`);
    } catch (err) {
      ctx.errors.skip(`cannot list ${PROC}/${pid}/fd`, err);
      continue;
    }
    for (const fd of fds) {
      // A descriptor closed between readdir and readlink has no target; it is no longer open.
      const path = readLinkOrEmpty(`${PROC}/${pid}/fd/${fd}`);
      if (path === '' || NOT_A_FILE.test(path)) continue;
      rows.push({ pid, fd: Number(fd), path });
    }
  }
  return rows;
}
