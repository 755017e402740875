import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerImageLayers } from './docker_image_layers.js';

describe('docker_image_layers', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it("numbers each image's RootFS layers from 1, without the sha256: prefix", () => {
    const rows = [...genDockerImageLayers(docker.context('docker_image_layers'))];
    assert.deepEqual(rows, [
      {
        id: 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
        layer_order: 1,
        layer_id: 'ec983b16636050e69677eb81537e955ab927757c23aaf73971ecf5f71fcc262a',
      },
      {
        id: 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
        layer_order: 2,
        layer_id: '1dfa7f3d2d6f2d4b8be1f7c2c3b5ecc3e6e2e9e0f6e6d5c4b3a291807f6e5d4c',
      },
      {
        id: 'd2c94e258dcb3c5ac2798d32e1249e42ef01cba4841c2234249495f87264ac5a',
        layer_order: 1,
        layer_id: 'ac28800ec8bb38d5c35b49d45a6ac4777544941199075dff8c4eb63e093aa81e',
      },
    ]);
  });
});
