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

  it('lists running containers (GET /containers/json without all=1, as osquery) with their inspect details', async () => {
    const rows = [...genDockerContainers(docker.context('docker_containers'))];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['/web'],
    );
    const web = rows[0];
    assert.equal(web?.image_id, 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6');
    assert.deepEqual(
      [web?.state, web?.created, web?.pid, web?.privileged, web?.readonly_rootfs],
      ['running', 1700000000, docker.pid, 1, 0],
    );
    assert.equal(web?.security_options, 'seccomp=unconfined, apparmor=unconfined');
    assert.equal(web?.env_variables, 'PATH=/usr/local/sbin:/usr/bin, NGINX_VERSION=1.25.3');
    assert.equal(web?.config_entrypoint, '/docker-entrypoint.sh');
    assert.equal(web?.finished_at, '', 'osquery reports no finish time for a running container');
    const netns = /\[(\d+)\]/.exec(readlinkSync(`/proc/${docker.pid}/ns/net`))?.[1];
    assert.equal(web?.net_namespace, netns, 'namespaces come from /proc/<pid>/ns of the container init');
    assert.match(await docker.requested(/^GET \/containers\/json$/), /json$/);
    await docker.requested(/\/containers\/8dfafdbc[0-9a-f]+\/json\?stream=false/);
  });

  it('sends an id constraint as all=1 plus a filters document and reports the prefix it was given', async () => {
    const ctx = docker.context('docker_containers', [{ column: 'id', op: '=', value: '11b2399e' }]);
    const rows = [...genDockerContainers(ctx)];
    assert.deepEqual(
      rows.map((r) => [r.id, r.name, r.state]),
      [['11b2399e', '/hello', 'exited']],
    );
    const hello = rows[0];
    assert.deepEqual(
      [hello?.pid, hello?.config_entrypoint, hello?.readonly_rootfs, hello?.net_namespace],
      [0, '', 1, undefined],
    );
    assert.equal(hello?.finished_at, '2023-07-22T04:26:41Z');
    const request = await docker.requested(/filters=/);
    assert.equal(
      new URL(request.split(' ')[1] ?? '', 'http://x').searchParams.get('filters'),
      '{"id":{"11b2399e":true}}',
    );
    assert.match(request, /\?all=1&filters=/);
  });

  it('ignores an id value that is not hexadecimal (osquery checkConstraintValue)', () => {
    const ctx = docker.context('docker_containers', [{ column: 'id', op: '=', value: 'not-an-id' }]);
    assert.deepEqual([...genDockerContainers(ctx)].map((r) => r.name).sort(), ['/hello', '/web']);
  });

  it('returns no rows and no error when there is no Docker socket', () => {
    const skipped: string[] = [];
    const flags = { get: () => '/nonexistent/docker.sock', list: () => [] };
    const ctx = createQueryContext({
      table: 'docker_containers',
      services: { flags },
      errors: { skip: (r) => skipped.push(r) },
    });
    assert.deepEqual([...genDockerContainers(ctx)], []);
    assert.deepEqual(skipped, []);
  });
});
