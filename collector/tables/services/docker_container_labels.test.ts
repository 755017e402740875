import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerLabels } from './docker_container_labels.js';

describe('docker_container_labels', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('gives a row per label of each listed container', () => {
    const rows = [...genDockerContainerLabels(docker.context('docker_container_labels'))];
    assert.deepEqual(
      rows.map((r) => [r.id, r.key, r.value]),
      [
        ['8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6', 'com.example.vendor', 'Acme'],
        ['8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6', 'com.example.license', 'GPL'],
        ['8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6', 'com.example.version', '1.0'],
      ],
    );
  });

  it('filters by id with all=1 as osquery does', async () => {
    const rows = [
      ...genDockerContainerLabels(
        docker.context('docker_container_labels', [
          { column: 'id', op: '=', value: '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355' },
        ]),
      ),
    ];
    assert.deepEqual(rows, [], 'the stopped container has no labels');
    assert.match(await docker.requested(/filters=/), /^GET \/containers\/json\?all=1&filters=/);
  });
});
