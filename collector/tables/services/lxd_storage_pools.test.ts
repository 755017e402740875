import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdStoragePools } from './lxd_storage_pools.js';

describe('lxd_storage_pools', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists pools with their configured source and size and their resources', () => {
    assert.deepEqual(
      [...genLxdStoragePools(lxd.context('lxd_storage_pools'))],
      [
        {
          name: 'local',
          driver: 'zfs',
          source: '',
          size: '',
          space_used: 343537419776,
          space_total: 420100937728,
          inodes_used: 23937695,
          inodes_total: 30709993797,
        },
        {
          name: 'default',
          driver: 'btrfs',
          source: '/var/snap/lxd/common/lxd/disks/default.img',
          size: '30GB',
          space_used: 1048576,
          space_total: 32212254720,
        },
      ],
      'resources without inodes leave the inode columns NULL',
    );
  });

  it('returns no rows and no error when there is no LXD socket', () => {
    const skipped: string[] = [];
    const flags = { get: () => '/nonexistent/lxd/unix.socket', list: () => [] };
    const ctx = createQueryContext({
      table: 'lxd_storage_pools',
      services: { flags },
      errors: { skip: (r) => skipped.push(r) },
    });
    assert.deepEqual([...genLxdStoragePools(ctx)], []);
    assert.deepEqual(skipped, []);
  });
});
