import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerNetworks } from './docker_container_networks.js';

describe('docker_container_networks', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports each network of NetworkSettings.Networks by its name', () => {
    const rows = [...genDockerContainerNetworks(docker.context('docker_container_networks'))];
    assert.deepEqual(rows, [
      {
        id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
        name: 'bridge',
        network_id: '7ea29fc1412292a2d7bba362f9253545fecdfa8ce9a6e37dd10ba8bee7129812',
        endpoint_id: '2cdc4edb1ded3631c81f57966563e5c8525b81121bb3706a9a9a3ae102711f3f',
        gateway: '172.17.0.1',
        ip_address: '172.17.0.2',
        ip_prefix_len: 16,
        ipv6_gateway: '',
        ipv6_address: '',
        ipv6_prefix_len: 0,
        mac_address: '02:42:ac:11:00:02',
      },
    ]);
  });

  it('includes a stopped container named by id', () => {
    const rows = [
      ...genDockerContainerNetworks(
        docker.context('docker_container_networks', [
          { column: 'id', op: '=', value: '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355' },
        ]),
      ),
    ];
    assert.deepEqual(
      rows.map((r) => [r.id, r.name, r.ip_address]),
      [['11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355', 'none', '']],
    );
  });
});
