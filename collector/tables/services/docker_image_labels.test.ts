import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerImageLabels } from './docker_image_labels.js';

describe('docker_image_labels', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports image labels (a null Labels has none) from an unfiltered /images/json', async () => {
    const rows = [
      ...genDockerImageLabels(docker.context('docker_image_labels', [{ column: 'id', op: '=', value: 'a875' }])),
    ];
    assert.deepEqual(rows, [
      { id: 'a875', key: 'maintainer', value: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
    ]);
    assert.equal(await docker.requested(/images\/json/), 'GET /images/json');
  });
});
