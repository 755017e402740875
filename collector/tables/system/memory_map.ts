/**
 * `memory_map`: the physical memory map in /proc/iomem, one row per region (nested regions included), addresses
 * as `0x`-prefixed hex as osquery's genMemoryMap gives them. osquery splits each line with find_first_of(" : "),
 * which leaves a trailing space in `end` and garbles indented (nested) lines; Osprey parses `START-END : NAME`
 * properly instead. Without CAP_SYS_ADMIN the kernel shows every address as zero; the rows are still returned.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC } from '../lib/proc.js';
import { isGone, readText, splitLines } from '../lib/read.js';

const REGION = /^\s*([0-9a-fA-F]+)-([0-9a-fA-F]+) : (.*)$/;

export function genMemoryMap(ctx: QueryContext, path = `${PROC}/iomem`): Row[] {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot read ${path}`, err);
    return [];
  }
  const rows: Row[] = [];
  for (const line of splitLines(text)) {
    const match = REGION.exec(line);
    if (match) rows.push({ name: match[3], start: `0x${match[1] ?? ''}`, end: `0x${match[2] ?? ''}` });
    else if (line.trim() !== '') ctx.errors.skip(`malformed line in ${path}: ${line.slice(0, 80)}`);
  }
  return rows;
}
