import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerVolumeLabels } from './docker_volume_labels.js';

describe('docker_volume_labels', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it("reports each volume's labels by volume name", () => {
    const rows = [...genDockerVolumeLabels(docker.context('docker_volume_labels'))];
    assert.deepEqual(rows, [
      { name: 'tardis', key: 'com.example.some-label', value: 'some-value' },
      { name: 'tardis', key: 'com.example.some-other-label', value: 'some-other-value' },
    ]);
  });
});
