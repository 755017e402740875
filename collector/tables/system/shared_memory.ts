/**
 * `shared_memory`: System V shared memory segments from /proc/sysvipc/shm, the same `shmid_ds` records osquery
 * reads with shmctl(SHM_STAT). The kernel prints the mode in octal with its SHM_DEST (01000) and SHM_LOCKED (02000)
 * bits, which give `status` and `locked`; `permissions` is osquery's lsperms of that mode (four octal digits, so a
 * segment marked for destruction reads 1600).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC } from '../lib/proc.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

const SHM_DEST = 0o1000;
const SHM_LOCKED = 0o2000;
const FIELDS = [
  'key',
  'shmid',
  'perms',
  'size',
  'cpid',
  'lpid',
  'nattch',
  'uid',
  'gid',
  'cuid',
  'cgid',
  'atime',
  'dtime',
  'ctime',
];

export function genSharedMemory(ctx: QueryContext, path = `${PROC}/sysvipc/shm`): Row[] {
  const text = readTextIfExists(path);
  if (text === null) return []; // a kernel without System V IPC: no rows, as osquery
  const rows: Row[] = [];
  splitLines(text)
    .slice(1)
    .forEach((line, i) => {
      const row = parseSegment(line);
      if (row === null) ctx.errors.skip(`malformed line ${i + 2} of ${path}`);
      else rows.push(row);
    });
  return rows;
}

/** One line of /proc/sysvipc/shm as a row, or null when it does not have the kernel's fields. */
export function parseSegment(line: string): Row | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length < FIELDS.length) return null;
  const field = (name: string): number => Number(parts[FIELDS.indexOf(name)]);
  const mode = parseInt(parts[FIELDS.indexOf('perms')] ?? '', 8);
  if (!Number.isInteger(mode) || FIELDS.some((name) => name !== 'perms' && !Number.isFinite(field(name)))) return null;
  return {
    shmid: field('shmid'),
    owner_uid: field('uid'),
    creator_uid: field('cuid'),
    pid: field('lpid'),
    creator_pid: field('cpid'),
    atime: field('atime'),
    dtime: field('dtime'),
    ctime: field('ctime'),
    permissions: (mode & 0o7777).toString(8).padStart(4, '0'),
    size: field('size'),
    attached: field('nattch'),
    status: mode & SHM_DEST ? 'dest' : '',
    locked: mode & SHM_LOCKED ? 1 : 0,
  };
}
