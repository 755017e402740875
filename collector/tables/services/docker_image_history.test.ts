import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerImageHistory } from './docker_image_history.js';

describe('docker_image_history', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it("reports every image's history when no id is given", () => {
    const rows = [...genDockerImageHistory(docker.context('docker_image_history'))];
    assert.deepEqual(
      rows.map((r) => [r.id, r.created, r.size, r.tags, r.comment]),
      [
        [
          'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
          1398108230,
          182964289,
          'ubuntu:lucid,ubuntu:10.04',
          '',
        ],
        ['a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6', 1398108222, 0, '', ''],
        [
          'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
          1371157430,
          0,
          'scratch12:latest,scratch:latest',
          'Imported from -',
        ],
        ['d2c94e258dcb3c5ac2798d32e1249e42ef01cba4841c2234249495f87264ac5a', 1683046167, 0, 'hello-world:latest', ''],
        ['d2c94e258dcb3c5ac2798d32e1249e42ef01cba4841c2234249495f87264ac5a', 1683046166, 13256, '', ''],
      ],
    );
    assert.match(String(rows[0]?.created_by), /^\/bin\/sh -c #\(nop\) ADD file:eb15dbd6/);
  });

  it('asks only for the images named by id', async () => {
    const rows = [
      ...genDockerImageHistory(docker.context('docker_image_history', [{ column: 'id', op: '=', value: 'd2c94e25' }])),
    ];
    assert.deepEqual(
      rows.map((r) => r.id),
      ['d2c94e25', 'd2c94e25'],
    );
    await docker.requested(/^GET \/images\/d2c94e25\/history$/);
  });
});
