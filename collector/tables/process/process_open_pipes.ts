/**
 * `process_open_pipes`: every pipe end each process holds, paired with the ends other descriptors hold on the same
 * pipe (osquery's genPipes). Anonymous pipes are fd links `pipe:[INODE]`; named pipes are links to a FIFO on disk.
 * An end's mode comes from the fd link's own permission bits (the kernel gives a read end r-x, a write end -wx).
 * A pipe with one end known gets one row without a partner; otherwise one row per reader/writer partner, as osquery.
 */
import { lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, listPids } from '../lib/proc.js';
import { isGone } from '../lib/read.js';

export interface PipeEnd {
  readonly pid: number;
  readonly fd: number;
  readonly mode: string;
  readonly inode: number;
  readonly type: 'anonymous' | 'named';
}

export function genProcessOpenPipes(ctx: QueryContext): Row[] {
  const ends = listPids().flatMap((pid) => pipeEndsOf(ctx, pid));
  return pairPipeEnds(ends);
}

/** Rows for a set of pipe ends: each end with each partner that is its reader/writer counterpart. */
export function pairPipeEnds(ends: readonly PipeEnd[]): Row[] {
  const byInode = new Map<number, PipeEnd[]>();
  for (const end of ends) byInode.set(end.inode, [...(byInode.get(end.inode) ?? []), end]);
  const rows: Row[] = [];
  for (const end of ends) {
    const sharing = byInode.get(end.inode) ?? [];
    const base = { pid: end.pid, fd: end.fd, mode: end.mode, inode: end.inode, type: end.type };
    if (sharing.length === 1) {
      rows.push(base);
      continue;
    }
    for (const partner of sharing) {
      if (partner === end || (partner.mode === end.mode && end.mode !== 'rw')) continue;
      rows.push({ ...base, partner_pid: partner.pid, partner_fd: partner.fd, partner_mode: partner.mode });
    }
  }
  return rows;
}

function pipeEndsOf(ctx: QueryContext, pid: number): PipeEnd[] {
  const dir = `${PROC}/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list ${dir}`, err);
    return [];
  }
  const ends: PipeEnd[] = [];
  for (const name of fds) {
    const end = pipeEnd(pid, Number(name), `${dir}/${name}`);
    if (end) ends.push(end);
  }
  return ends;
}

/** The pipe end behind one fd link, or null when the fd is not a pipe (or closed while we looked). */
function pipeEnd(pid: number, fd: number, link: string): PipeEnd | null {
  try {
    const target = readlinkSync(link);
    const anonymous = /^pipe:\[(\d+)\]$/.exec(target);
    if (anonymous) return { pid, fd, mode: linkMode(link), inode: Number(anonymous[1]), type: 'anonymous' };
    if (!target.startsWith('/')) return null; // socket:, anon_inode: and the like
    const stats = statSync(link);
    return stats.isFIFO() ? { pid, fd, mode: linkMode(link), inode: stats.ino, type: 'named' } : null;
  } catch {
    return null; // closed between readdir and readlink, or a FIFO that vanished: not a pipe we can describe
  }
}

/** `r`, `w` or `rw` from the fd link's permission bits, as osquery's getMode. */
function linkMode(link: string): string {
  const mode = lstatSync(link).mode;
  return `${mode & 0o444 ? 'r' : ''}${mode & 0o222 ? 'w' : ''}`;
}
