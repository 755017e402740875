import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { mdDriveRows } from './md_drives.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');
const mdstat = (name: string): string => readFileSync(`${FIXTURES}/mdstat/${name}`, 'utf8');

describe('md_drives', () => {
  it('lists members by descriptor number with slot and state; a recovering member is "recovering"', () => {
    assert.deepEqual(mdDriveRows(mdstat('raid5-recovery.txt'), `${FIXTURES}/sys-block-raid5`), [
      { md_device_name: 'md0', drive_name: '/dev/sdb', slot: 0, state: 'active sync' },
      { md_device_name: 'md0', drive_name: '/dev/sdc', slot: 1, state: 'active sync' },
      { md_device_name: 'md0', drive_name: '/dev/sdd', slot: 2, state: 'recovering' },
    ]);
  });

  it('places spares as osquery does: descriptor numbers beyond raid_disks keep no slot', () => {
    const rows = mdDriveRows(mdstat('qnap-spares.txt'), `${FIXTURES}/sys-block-qnap`);
    assert.deepEqual(
      rows.filter((r) => r.md_device_name === 'md256').map((r) => [r.drive_name, r.slot]),
      [
        ['/dev/sda2', 0],
        ['/dev/sdb2', 1],
        ['/dev/sdc2', null],
        ['/dev/sdd2', null],
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r.md_device_name === 'md1').map((r) => [r.drive_name, r.slot]),
      [
        ['/dev/sdb3', 0],
        ['/dev/sda3', 1],
      ],
    );
  });

  it('returns no rows without arrays', () => {
    assert.deepEqual(mdDriveRows(''), []);
  });
});
