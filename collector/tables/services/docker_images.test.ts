import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { dockerGet } from './docker-api.js';
import { genDockerImages } from './docker_images.js';

describe('docker_images', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('lists images with ids, sizes and tags', () => {
    const rows = [...genDockerImages(docker.context('docker_images'))];
    assert.deepEqual(rows[0], {
      id: 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
      created: 1699900000,
      size_bytes: 186639892,
      tags: 'nginx:1.25,nginx:latest',
    });
    assert.equal(rows.length, 2);
  });

  it('counts a daemon error answer as a skip rather than failing', () => {
    const skipped: string[] = [];
    const flags = { get: () => docker.socket, list: () => [] };
    const ctx = createQueryContext({
      table: 'docker_images',
      services: { flags },
      errors: { skip: (r) => skipped.push(r) },
    });
    assert.equal(dockerGet(ctx, '/no/such/endpoint'), null);
    assert.deepEqual(skipped, ['Docker answered 404 to GET /no/such/endpoint']);
  });

  it('returns no rows when there is no Docker socket', () => {
    const flags = { get: () => '/nonexistent/docker.sock', list: () => [] };
    assert.deepEqual([...genDockerImages(createQueryContext({ table: 'docker_images', services: { flags } }))], []);
  });
});
