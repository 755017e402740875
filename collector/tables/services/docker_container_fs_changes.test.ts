import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerFsChanges } from './docker_container_fs_changes.js';

describe('docker_container_fs_changes', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports Kind 0/1/2 as C/A/D and skips other kinds', () => {
    const rows = [
      ...genDockerContainerFsChanges(
        docker.context('docker_container_fs_changes', [{ column: 'id', op: '=', value: '8dfafdbc' }]),
      ),
    ];
    assert.deepEqual(
      rows.map((r) => [r.id, r.path, r.change_type]),
      [
        ['8dfafdbc', '/dev', 'C'],
        ['8dfafdbc', '/dev/kmsg', 'A'],
        ['8dfafdbc', '/test', 'A'],
        ['8dfafdbc', '/etc/motd', 'D'],
      ],
    );
  });
});
