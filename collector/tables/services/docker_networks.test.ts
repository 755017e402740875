import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerNetworks } from './docker_networks.js';

describe('docker_networks', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it("reports networks with the first IPAM config's subnet and gateway", () => {
    const rows = [...genDockerNetworks(docker.context('docker_networks'))];
    // osquery reads Docker's UTC time as local time (getUnixTime(created, true)).
    const created = new Date(2016, 9, 19, 6, 21, 0).getTime() / 1000;
    assert.deepEqual(rows[0], {
      id: 'f2de39df4171b0dc801e8002d1d999b77256983dfc63041c0f34030aa3977566',
      name: 'bridge',
      driver: 'bridge',
      created,
      enable_ipv6: 0,
      subnet: '172.17.0.0/16',
      gateway: '172.17.0.1',
    });
    assert.deepEqual([rows[1]?.name, rows[1]?.subnet, rows[1]?.gateway], ['none', undefined, undefined]);
    assert.deepEqual(
      [rows[2]?.name, rows[2]?.enable_ipv6, rows[2]?.subnet, rows[2]?.gateway],
      ['v6net', 1, '2001:db8:1::/64', '2001:db8:1::1'],
    );
  });

  it('filters by id prefix without all=1', async () => {
    const rows = [
      ...genDockerNetworks(docker.context('docker_networks', [{ column: 'id', op: '=', value: 'e086a389' }])),
    ];
    assert.deepEqual(
      rows.map((r) => [r.id, r.name]),
      [['e086a389', 'none']],
    );
    assert.match(await docker.requested(/networks\?/), /^GET \/networks\?filters=/);
  });
});
