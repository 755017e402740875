import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerMounts } from './docker_container_mounts.js';

describe('docker_container_mounts', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports each Mounts entry of the listed containers', () => {
    const rows = [...genDockerContainerMounts(docker.context('docker_container_mounts'))];
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
      type: 'volume',
      name: 'fac362a8ffa5d5a0e1f0e5e6a4a0a0c0b0ad27e0c3b3d5c2f1e0d9c8b7a6f5e4',
      source: '/var/lib/docker/volumes/fac362a8ffa5d5a0e1f0e5e6a4a0a0c0b0ad27e0c3b3d5c2f1e0d9c8b7a6f5e4/_data',
      destination: '/data',
      driver: 'local',
      mode: 'ro,Z',
      rw: 0,
      propagation: '',
    });
    assert.deepEqual(
      [rows[1]?.type, rows[1]?.name, rows[1]?.driver, rows[1]?.rw, rows[1]?.propagation],
      ['bind', '', '', 1, 'rprivate'],
    );
  });
});
