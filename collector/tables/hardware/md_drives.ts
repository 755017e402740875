/**
 * `md_drives` (osquery genMDDrives / getDrivesForArray): one row per member of each array, ordered by descriptor
 * number (the `[n]` of /proc/mdstat, the index osquery's GET_DISK_INFO loop walks), with its slot and state, plus a
 * "removed" row for every slot no member fills. State words follow osquery's getDiskStateStr over the disk-state
 * bits the kernel derives from the same member flags sysfs shows; a member with none of them is "recovering".
 */
import type { Row } from '../../engine/spec.js';
import { readMdstat } from './md_devices.js';
import { type MdMember, mdArrayInfo, SYS_BLOCK_DIR } from './md_sysfs.js';
import { parseMdstat } from './mdstat.js';

/** sysfs member state word → osquery's names, in the order of their MD_DISK_* bits. */
const STATE_WORDS: Array<[string, string[]]> = [
  ['faulty', ['faulty']],
  ['in_sync', ['active', 'sync']],
  ['write_mostly', ['writemostly']],
  ['failfast', ['failfast']],
  ['journal', ['journal']],
];

function diskState(member: MdMember): string {
  const words = STATE_WORDS.filter(([state]) => member.states.includes(state)).flatMap(([, names]) => names);
  return words.length === 0 ? 'recovering' : words.join(' ');
}

export function mdDriveRows(mdstatText: string, blockDir: string = SYS_BLOCK_DIR): Row[] {
  const rows: Row[] = [];
  for (const array of parseMdstat(mdstatText).arrays) {
    const info = mdArrayInfo(array.name, blockDir);
    if (info === undefined) continue;
    const numberOf = new Map(array.drives.map((d) => [d.name.replace(/\[.*$/, ''), d.pos]));
    const members = [...info.members].sort((a, b) => (numberOf.get(a.name) ?? 1e9) - (numberOf.get(b.name) ?? 1e9));
    const missing = new Set(Array.from({ length: info.raidDisks }, (_, i) => i));
    const unplaced: Row[] = [];
    for (const member of members) {
      const row: Row = {
        md_device_name: array.name,
        drive_name: `/dev/${member.name}`,
        slot: null,
        state: diskState(member),
      };
      const number = numberOf.get(member.name) ?? -1;
      if (member.slot >= 0) row.slot = member.slot;
      else if (number >= 0 && number < info.raidDisks) row.slot = number;
      else unplaced.push(row);
      if (row.slot !== null) missing.delete(Number(row.slot));
      rows.push(row);
    }
    for (const slot of missing) {
      const row = unplaced.shift();
      if (row !== undefined) row.slot = slot;
      else rows.push({ md_device_name: array.name, drive_name: 'unknown', slot, state: 'removed' });
    }
  }
  return rows;
}

export function genMdDrives(): Row[] {
  return mdDriveRows(readMdstat());
}
