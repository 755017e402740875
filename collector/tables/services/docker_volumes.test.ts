import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerVolumes } from './docker_volumes.js';

describe('docker_volumes', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports volumes with their Options.type', () => {
    const rows = [...genDockerVolumes(docker.context('docker_volumes'))];
    assert.deepEqual(rows[0], {
      name: 'tardis',
      driver: 'custom',
      mount_point: '/var/lib/docker/volumes/tardis',
      type: 'tmpfs',
    });
    assert.deepEqual([rows[1]?.driver, rows[1]?.type], ['local', '']);
  });

  it('sends only a hexadecimal name as a filter, as osquery', async () => {
    const rows = [
      ...genDockerVolumes(docker.context('docker_volumes', [{ column: 'name', op: '=', value: 'tardis' }])),
    ];
    assert.equal(rows.length, 2, 'the name is not hexadecimal: all volumes come back and SQLite filters them');
    const request = await docker.requested(/volumes\?/);
    assert.equal(new URL(request.split(' ')[1] ?? '', 'http://x').searchParams.get('filters'), '{"name":{}}');
  });
});
