/** `md_devices` (osquery genMDDevices): software RAID arrays from /proc/mdstat and their md sysfs state. */
import { readFileSync } from 'node:fs';
import type { Row } from '../../engine/spec.js';
import { mdArrayInfo, SYS_BLOCK_DIR } from './md_sysfs.js';
import { type MdAction, parseMdstat } from './mdstat.js';

export const MDSTAT_PATH = '/proc/mdstat';

export function readMdstat(path: string = MDSTAT_PATH): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The kernel's in_sync array states, for which GET_ARRAY_INFO sets MD_SB_CLEAN. */
const IN_SYNC_STATES = new Set(['clean', 'readonly', 'read-auto', 'inactive']);

function action(prefix: string, a: MdAction): Row {
  if (a.progress === '') return {};
  return { [`${prefix}_progress`]: a.progress, [`${prefix}_finish`]: a.finish, [`${prefix}_speed`]: a.speed };
}

export function mdDeviceRows(mdstatText: string, blockDir: string = SYS_BLOCK_DIR): Row[] {
  const stat = parseMdstat(mdstatText);
  const rows: Row[] = [];
  for (const array of stat.arrays) {
    const info = mdArrayInfo(array.name, blockDir);
    if (info === undefined) continue;
    const failed = info.members.filter((m) => m.states.includes('faulty')).length;
    const active = info.members.filter((m) => m.states.includes('in_sync')).length;
    const working = info.members.length - failed;
    const superblock = [
      ...(IN_SYNC_STATES.has(info.arrayState) ? ['clean'] : []),
      ...(info.bitmapPresent ? ['bitmap_present'] : []),
    ];
    rows.push({
      device_name: array.name,
      status: array.status,
      raid_level: info.level,
      size: array.usableSize,
      chunk_size: info.chunkSize,
      raid_disks: info.raidDisks,
      nr_raid_disks: info.members.length,
      working_disks: working,
      active_disks: active,
      failed_disks: failed,
      spare_disks: working - active,
      superblock_state: superblock.length === 0 ? 'unknown' : superblock.join(' '),
      superblock_version: info.metadataVersion,
      // The superblock's update time is not in sysfs (osquery reads it with GET_ARRAY_INFO).
      superblock_update_time: null,
      ...(array.bitmap.onMem === ''
        ? {}
        : {
            bitmap_on_mem: array.bitmap.onMem,
            bitmap_chunk_size: array.bitmap.chunkSize,
            bitmap_external_file: array.bitmap.externalFile,
          }),
      ...action('recovery', array.recovery),
      ...action('resync', array.resync),
      ...action('reshape', array.reshape),
      ...action('check_array', array.checkArray),
      unused_devices: stat.unused,
      other: array.other,
    });
  }
  return rows;
}

export function genMdDevices(): Row[] {
  return mdDeviceRows(readMdstat());
}
