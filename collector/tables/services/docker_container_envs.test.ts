import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerEnvs } from './docker_container_envs.js';

describe('docker_container_envs', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('splits each Config.Env entry of the running containers at its first =', () => {
    const rows = [...genDockerContainerEnvs(docker.context('docker_container_envs'))];
    assert.deepEqual(rows, [
      {
        id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
        key: 'PATH',
        value: '/usr/local/sbin:/usr/bin',
      },
      { id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6', key: 'NGINX_VERSION', value: '1.25.3' },
    ]);
  });

  it('finds a stopped container by id prefix and reports that prefix', async () => {
    const rows = [
      ...genDockerContainerEnvs(docker.context('docker_container_envs', [{ column: 'id', op: '=', value: '11b2' }])),
    ];
    assert.deepEqual(rows, [{ id: '11b2', key: 'PATH', value: '/usr/bin' }]);
    await docker.requested(/^GET \/containers\/11b2\/json\?stream=false$/);
  });
});
