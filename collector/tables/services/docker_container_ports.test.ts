import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerPorts } from './docker_container_ports.js';

describe('docker_container_ports', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports published and unpublished ports', () => {
    const rows = [...genDockerContainerPorts(docker.context('docker_container_ports'))];
    assert.deepEqual(rows, [
      {
        id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
        type: 'tcp',
        port: 80,
        host_ip: '0.0.0.0',
        host_port: 8080,
      },
      {
        id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
        type: 'tcp',
        port: 2222,
        host_ip: '',
        host_port: 0,
      },
    ]);
  });
});
