/**
 * What osquery reads with the GET_ARRAY_INFO / GET_DISK_INFO ioctls, taken from the same kernel state in sysfs
 * (/sys/block/mdN/md: level, chunk_size, raid_disks, array_state, metadata_version, bitmap/location, and one
 * dev-<name> directory per member with its slot and state), so no device node has to be opened.
 */
import { join } from 'node:path';
import { attribute, entries } from './sysfs.js';

export const SYS_BLOCK_DIR = '/sys/block';

export interface MdMember {
  name: string;
  /** Role in the array, or -1 (spare, faulty, not yet in sync): the ioctl's raid_disk. */
  slot: number;
  states: string[];
}

export interface MdArrayInfo {
  level: number;
  chunkSize: number;
  raidDisks: number;
  arrayState: string;
  metadataVersion: string;
  bitmapPresent: boolean;
  members: MdMember[];
}

/** mdu_array_info_t.level: the raid number, or the kernel's negative codes for the personalities without one. */
const SPECIAL_LEVELS: ReadonlyMap<string, number> = new Map([
  ['linear', -1],
  ['multipath', -4],
  ['faulty', -5],
  ['container', -100],
]);

export function mdArrayInfo(name: string, blockDir: string = SYS_BLOCK_DIR): MdArrayInfo | undefined {
  const md = join(blockDir, name, 'md');
  const level = attribute(md, 'level');
  if (level === undefined) return undefined;
  const members = entries(md)
    .filter((e) => e.startsWith('dev-'))
    .map((e) => {
      const slot = Number.parseInt(attribute(join(md, e), 'slot') ?? '', 10);
      return {
        name: e.slice('dev-'.length),
        slot: Number.isFinite(slot) ? slot : -1,
        states: (attribute(join(md, e), 'state') ?? '').split(',').filter((s) => s !== ''),
      };
    });
  const location = attribute(join(md, 'bitmap'), 'location');
  return {
    level: SPECIAL_LEVELS.get(level) ?? (Number.parseInt(level.replace(/^raid/, ''), 10) || 0),
    chunkSize: Number.parseInt(attribute(md, 'chunk_size') ?? '0', 10) || 0,
    raidDisks: Number.parseInt(attribute(md, 'raid_disks') ?? '0', 10) || 0,
    arrayState: attribute(md, 'array_state') ?? '',
    metadataVersion: attribute(md, 'metadata_version') ?? '',
    bitmapPresent: location !== undefined && location !== 'none',
    members,
  };
}
