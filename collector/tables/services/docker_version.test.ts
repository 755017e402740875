import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerVersion } from './docker_version.js';

describe('docker_version', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports GET /version', () => {
    assert.deepEqual(
      [...genDockerVersion(docker.context('docker_version'))],
      [
        {
          version: '19.03.12',
          api_version: '1.40',
          min_api_version: '1.12',
          git_commit: '48a66213fe',
          go_version: 'go1.13.14',
          os: 'linux',
          arch: 'amd64',
          kernel_version: '4.19.76-linuxkit',
          build_time: '2020-06-22T15:49:27.000000000+00:00',
        },
      ],
    );
  });
});
