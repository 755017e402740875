import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { genMdDevices, mdDeviceRows } from './md_devices.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');
const mdstat = (name: string): string => readFileSync(`${FIXTURES}/mdstat/${name}`, 'utf8');

describe('md_devices', () => {
  it('reports a RAID5 array in recovery with its progress, layout words and member counts', () => {
    const [row] = mdDeviceRows(mdstat('raid5-recovery.txt'), `${FIXTURES}/sys-block-raid5`);
    assert.deepEqual(row, {
      device_name: 'md0',
      status: 'active',
      raid_level: 5,
      size: 11942912,
      chunk_size: 524288,
      raid_disks: 3,
      nr_raid_disks: 3,
      working_disks: 3,
      active_disks: 2,
      failed_disks: 0,
      spare_disks: 1,
      superblock_state: 'clean',
      superblock_version: '1.2',
      superblock_update_time: null,
      recovery_progress: '79.9% (4773300/5971456)',
      recovery_finish: '0.1min',
      recovery_speed: '153977K/sec',
      unused_devices: '<none>',
      other: 'super 1.2 level 5, 512k chunk, algorithm 2',
    });
  });

  it('reports bitmaps and spares of RAID1 arrays', () => {
    const rows = mdDeviceRows(mdstat('qnap-spares.txt'), `${FIXTURES}/sys-block-qnap`);
    assert.deepEqual(
      rows.map((r) => [
        r.device_name,
        r.size,
        r.nr_raid_disks,
        r.active_disks,
        r.spare_disks,
        r.superblock_state,
        r.bitmap_on_mem,
      ]),
      [
        ['md256', 530112, 4, 2, 2, 'clean bitmap_present', '0/1 pages [0KB]'],
        ['md1', 2920311616, 2, 2, 0, 'clean', undefined],
      ],
    );
    assert.equal(rows[0]?.bitmap_chunk_size, '65536KB chunk');
    assert.equal(rows[0]?.bitmap_external_file, '');
  });

  it('returns no rows without arrays or without their sysfs state (this machine has no md driver)', () => {
    assert.deepEqual(mdDeviceRows(mdstat('qnap-spares.txt'), `${FIXTURES}/absent`), []);
    assert.deepEqual(mdDeviceRows(''), []);
    assert.ok(Array.isArray(genMdDevices()));
  });
});
