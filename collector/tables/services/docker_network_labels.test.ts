import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerNetworkLabels } from './docker_network_labels.js';

describe('docker_network_labels', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it("reports each network's labels", () => {
    const rows = [...genDockerNetworkLabels(docker.context('docker_network_labels'))];
    assert.deepEqual(rows, [
      {
        id: 'f2de39df4171b0dc801e8002d1d999b77256983dfc63041c0f34030aa3977566',
        key: 'com.example.some-label',
        value: 'some-value',
      },
      {
        id: 'f2de39df4171b0dc801e8002d1d999b77256983dfc63041c0f34030aa3977566',
        key: 'com.example.some-other-label',
        value: 'some-other-value',
      },
    ]);
  });
});
