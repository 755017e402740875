/**
 * mounts, as osquery's genMounts (getmntent over /proc/mounts, then statfs(2) on each mount point): device,
 * device_alias (the device's canonical path, or the device itself when it is not a path), path, type, the mount
 * options as flags, and the statfs counts. autofs mounts are not statfs'ed (that would trigger the automount), as
 * in osquery; statfs is skipped altogether when the query reads no block or inode column.
 */
import { realpathSync, statfsSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

const STATFS_SKIPPED_TYPES = new Set(['autofs']);
const STAT_COLUMNS = ['blocks_size', 'blocks', 'blocks_free', 'blocks_available', 'inodes', 'inodes_free'];

export interface MountEntry {
  device: string;
  path: string;
  type: string;
  options: string;
}

export function* genMounts(ctx: QueryContext): Iterable<Row> {
  let text: string | null;
  try {
    text = readTextIfExists('/proc/self/mounts');
  } catch (err) {
    ctx.errors.skip('cannot read /proc/self/mounts', err);
    return;
  }
  if (text === null) return;
  const wantStats = STAT_COLUMNS.some((c) => ctx.used(c));
  const wantAlias = ctx.used('device_alias');
  for (const entry of parseMounts(text, (reason) => ctx.errors.skip(reason))) {
    const row: Row = {
      device: entry.device,
      device_alias: wantAlias ? canonical(entry.device) : undefined,
      path: entry.path,
      type: entry.type,
      flags: entry.options,
    };
    if (wantStats && !STATFS_SKIPPED_TYPES.has(entry.type)) Object.assign(row, statsOf(ctx, entry.path));
    yield row;
  }
}

/** getmntent(3): `fsname dir type opts freq passno`, with spaces and tabs escaped as \040, \011, \012, \134. */
export function parseMounts(text: string, bad: (reason: string) => void): MountEntry[] {
  const out: MountEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const f = line.trim().split(/\s+/);
    if (f.length < 4) return bad(`malformed line ${i + 1} in /proc/self/mounts`);
    out.push({
      device: unescape(f[0] ?? ''),
      path: unescape(f[1] ?? ''),
      type: unescape(f[2] ?? ''),
      options: unescape(f[3] ?? ''),
    });
  });
  return out;
}

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

function canonical(device: string): string {
  try {
    return realpathSync(device);
  } catch {
    return device;
  }
}

function statsOf(ctx: QueryContext, path: string): Row {
  try {
    const s = statfsSync(path, { bigint: true });
    return {
      blocks_size: toSql(s.bsize),
      blocks: toSql(s.blocks),
      blocks_free: toSql(s.bfree),
      blocks_available: toSql(s.bavail),
      inodes: toSql(s.files),
      inodes_free: toSql(s.ffree),
    };
  } catch (err) {
    ctx.errors.skip(`cannot statfs ${path}`, err);
    return {};
  }
}

/** Counts as numbers while exact, bigint beyond 2^53 (statfs counts are unsigned 64-bit). */
function toSql(n: bigint): number | bigint {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
