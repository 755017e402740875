/**
 * A small superblock prober standing in for libblkid (osquery's block_devices asks blkid for TYPE, UUID and
 * LABEL): ext2/3/4, XFS, btrfs and Linux swap, the filesystems a Linux server's disks carry. Reads at most the
 * first 68 KiB of the device. Anything else reports no type, rather than a guess.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface FsIdentity {
  type: string;
  uuid: string;
  label: string;
}

const PROBE_BYTES = 0x10000 + 0x1000;

export function probeFilesystem(path: string): FsIdentity | null {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(PROBE_BYTES);
    const n = readSync(fd, buf, 0, PROBE_BYTES, 0);
    return identify(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

export function identify(buf: Buffer): FsIdentity | null {
  return probeExt(buf) ?? probeXfs(buf) ?? probeBtrfs(buf) ?? probeSwap(buf);
}

function probeExt(buf: Buffer): FsIdentity | null {
  const sb = 1024;
  if (buf.length < sb + 264 || buf.readUInt16LE(sb + 56) !== 0xef53) return null;
  const compat = buf.readUInt32LE(sb + 92);
  const incompat = buf.readUInt32LE(sb + 96);
  const roCompat = buf.readUInt32LE(sb + 100);
  const HAS_JOURNAL = 0x4;
  const EXT4_INCOMPAT = 0x40 | 0x80 | 0x200 | 0x400 | 0x1000 | 0x8000 | 0x10000; // extents, 64bit, flex_bg, …
  const EXT4_RO_COMPAT = 0x8 | 0x10 | 0x20 | 0x40 | 0x400; // huge_file, gdt_csum, dir_nlink, extra_isize, metadata_csum
  let type = 'ext2';
  if (incompat & EXT4_INCOMPAT || roCompat & EXT4_RO_COMPAT) type = 'ext4';
  else if (compat & HAS_JOURNAL) type = 'ext3';
  return { type, uuid: formatUuid(buf.subarray(sb + 104, sb + 120)), label: cString(buf.subarray(sb + 120, sb + 136)) };
}

function probeXfs(buf: Buffer): FsIdentity | null {
  if (buf.length < 120 || buf.toString('latin1', 0, 4) !== 'XFSB') return null;
  return { type: 'xfs', uuid: formatUuid(buf.subarray(32, 48)), label: cString(buf.subarray(108, 120)) };
}

function probeBtrfs(buf: Buffer): FsIdentity | null {
  const sb = 0x10000;
  if (buf.length < sb + 0x12b + 256 || buf.toString('latin1', sb + 0x40, sb + 0x48) !== '_BHRfS_M') return null;
  return {
    type: 'btrfs',
    uuid: formatUuid(buf.subarray(sb + 0x20, sb + 0x30)),
    label: cString(buf.subarray(sb + 0x12b, sb + 0x12b + 256)),
  };
}

function probeSwap(buf: Buffer): FsIdentity | null {
  for (const page of [4096, 8192, 16384, 65536]) {
    if (buf.length < page) break;
    const magic = buf.toString('latin1', page - 10, page);
    if (magic !== 'SWAPSPACE2' && magic !== 'SWAP-SPACE') continue;
    const version1 = magic === 'SWAPSPACE2';
    return {
      type: 'swap',
      uuid: version1 ? formatUuid(buf.subarray(1024 + 12, 1024 + 28)) : '',
      label: version1 ? cString(buf.subarray(1024 + 28, 1024 + 44)) : '',
    };
  }
  return null;
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  if (/^0+$/.test(hex)) return '';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function cString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul >= 0 ? nul : bytes.length).toString('utf8');
}
