import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdNetworks } from './lxd_networks.js';

describe('lxd_networks', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists networks with their users and state counters', () => {
    const rows = [...genLxdNetworks(lxd.context('lxd_networks'))];
    assert.deepEqual(rows, [
      {
        name: 'lxdbr0',
        type: 'bridge',
        managed: 1,
        ipv4_address: '10.0.0.1/24',
        ipv6_address: 'none',
        used_by: '/1.0/profiles/default,foo',
        bytes_received: 250542118,
        bytes_sent: 17524040140,
        packets_received: 1182515,
        packets_sent: 1567934,
        hwaddr: '00:16:3e:5a:83:57',
        state: 'up',
        mtu: 1500,
      },
      {
        name: 'eth0',
        type: 'physical',
        managed: 0,
        ipv4_address: '',
        ipv6_address: '',
        used_by: '',
        bytes_received: 1000,
        bytes_sent: 2000,
        packets_received: 10,
        packets_sent: 20,
        hwaddr: '52:54:00:12:34:56',
        state: 'up',
        mtu: 9000,
      },
    ]);
  });
});
