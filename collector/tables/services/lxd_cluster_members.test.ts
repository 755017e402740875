import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdClusterMembers } from './lxd_cluster_members.js';

describe('lxd_cluster_members', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists cluster members', () => {
    assert.deepEqual(
      [...genLxdClusterMembers(lxd.context('lxd_cluster_members'))],
      [
        {
          server_name: 'lxd01',
          url: 'https://10.0.0.1:8443',
          database: 1,
          status: 'Online',
          message: 'fully operational',
        },
        {
          server_name: 'lxd02',
          url: 'https://10.0.0.2:8443',
          database: 0,
          status: 'Offline',
          message: 'No heartbeat for 30s',
        },
      ],
    );
  });
});
