import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainers } from './docker_containers.js';

describe('docker_containers', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('lists containers with their inspect details over the Docker socket', () => {
    const rows = [...genDockerContainers(docker.context('docker_containers'))];
    assert.deepEqual(rows.map((r) => r.name), ['/web', '/hello']);
    const web = rows[0];
    assert.equal(web?.image_id, 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6');
    assert.deepEqual([web?.state, web?.created, web?.pid, web?.privileged, web?.readonly_rootfs], ['running', 1700000000, docker.pid, 1, 0]);
    assert.equal(web?.security_options, 'seccomp=unconfined, apparmor=unconfined');
    assert.equal(web?.env_variables, 'PATH=/usr/local/sbin:/usr/bin, NGINX_VERSION=1.25.3');
    assert.equal(web?.pid, docker.pid);
    const netns = /\[(\d+)\]/.exec(readlinkSync(`/proc/${docker.pid}/ns/net`))?.[1];
    assert.equal(web?.net_namespace, netns, 'namespaces come from /proc/<pid>/ns of the container init');
    const hello = rows[1];
    assert.deepEqual([hello?.pid, hello?.config_entrypoint, hello?.readonly_rootfs, hello?.net_namespace], [0, '', 1, undefined]);
  });

  it('passes id and name constraints to the API as filters', async () => {
    const rows = [...genDockerContainers(docker.context('docker_containers', [{ column: 'name', op: '=', value: '/hello' }]))];
    assert.deepEqual(rows.map((r) => r.id), ['11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355']);
    assert.match(await docker.requested(/filters=/), /hello/);
  });

  it('returns no rows and no error when there is no Docker socket', () => {
    const flags = { get: () => '/nonexistent/docker.sock', list: () => [] };
    assert.deepEqual([...genDockerContainers(createQueryContext({ table: 'docker_containers', services: { flags } }))], []);
  });
});
