import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdCluster } from './lxd_cluster.js';

describe('lxd_cluster', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('reports the cluster with the last member_config entry, as osquery', () => {
    assert.deepEqual(
      [...genLxdCluster(lxd.context('lxd_cluster'))],
      [
        {
          server_name: 'lxd01',
          enabled: 1,
          member_config_entity: 'storage-pool',
          member_config_name: 'local',
          member_config_key: 'volatile.initial_source',
          member_config_value: '/dev/sdb',
          member_config_description: '"volatile.initial_source" property for storage pool "local"',
        },
      ],
    );
  });
});
