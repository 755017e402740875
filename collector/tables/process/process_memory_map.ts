/** `process_memory_map`: the mappings in /proc/<pid>/maps (osquery's genProcessMap). */
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, pidsFromContext } from '../lib/proc.js';
import { readText, splitLines } from '../lib/read.js';

export function genProcessMemoryMap(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  for (const pid of pidsFromContext(ctx)) {
    let content: string;
    try {
      content = readText(`${PROC}/${pid}/maps`);
    } catch (err) {
      ctx.errors.skip(`cannot read ${PROC}/${pid}/maps`, err);
      continue;
    }
    for (const line of splitLines(content)) {
      const row = parseMapsLine(pid, line);
      if (row === null) ctx.errors.skip(`malformed line in ${PROC}/${pid}/maps`);
      else rows.push(row);
    }
  }
  return rows;
}

// address perms offset dev inode [path]; the path may contain spaces, so it is everything after the inode.
const MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) (\S+) (\d+)\s*(.*)$/;

/**
 * One maps line as a row: addresses keep osquery's 0x prefix, offset is decimal, pseudo is 1 for a named
 * mapping with inode 0 ([heap], [stack], [vdso]…).
 */
export function parseMapsLine(pid: number, line: string): Row | null {
  const m = MAPS_LINE.exec(line);
  if (m === null) return null;
  const [, start, end, permissions, offset, device, inode, path] = m;
  const name = (path ?? '').trim();
  return {
    pid,
    start: `0x${start}`,
    end: `0x${end}`,
    permissions,
    offset: Number.parseInt(offset ?? '', 16),
    device,
    inode: Number(inode),
    path: name,
    pseudo: inode === '0' && name !== '' ? 1 : 0,
  };
}
