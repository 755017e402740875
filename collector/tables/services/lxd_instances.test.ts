import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../../test/helpers/wait.js';
import { createQueryContext } from '../../engine/context.js';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdInstances } from './lxd_instances.js';

describe('lxd_instances', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists instances with image metadata and state, skipping one without volatile.base_image as osquery', async () => {
    const skipped: string[] = [];
    const flags = { get: (name: string) => (name === 'lxd_socket' ? lxd.socket : undefined), list: () => [] };
    const ctx = createQueryContext({
      table: 'lxd_instances',
      services: { flags },
      errors: { skip: (r) => skipped.push(r) },
    });
    const rows = [...genLxdInstances(ctx)];
    assert.deepEqual(rows, [
      {
        name: 'foo',
        status: 'Running',
        stateful: 0,
        ephemeral: 0,
        created_at: '2021-03-23T20:00:00-04:00',
        base_image: '06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb',
        description: 'Ubuntu 20.04 LTS server (20210329)',
        os: 'ubuntu',
        architecture: 'x86_64',
        pid: 7281,
        processes: 50,
      },
      {
        name: 'bar',
        status: 'Stopped',
        stateful: 1,
        ephemeral: 1,
        created_at: '2021-04-01T10:00:00Z',
        base_image: 'a8d44d24bae31fd7ae2a1b3e6e9ea19b2f83c8f9f7bfa2d1d8e0e8c3f2b1a0c9',
        description: 'Alpine 3.13 amd64',
        os: 'Alpine',
        architecture: 'x86_64',
        pid: -1,
      },
    ]);
    assert.deepEqual(skipped, [
      'LXD /1.0/instances/bar/state: no processes',
      'LXD /1.0/instances/broken: no volatile.base_image',
    ]);
    await lxd.requested(/instances\/broken$/); // the last request: every one before it is logged too
  });

  it('asks only for the instances named', async () => {
    const earlier = lxd.requests.length;
    const rows = [...genLxdInstances(lxd.context('lxd_instances', [{ column: 'name', op: '=', value: 'bar' }]))];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['bar'],
    );
    const asked = await waitFor(
      'the three requests for bar',
      () => lxd.requests.length >= earlier + 3 && lxd.requests.slice(earlier),
    );
    assert.deepEqual(asked, [
      'GET /1.0/instances/bar',
      'GET /1.0/instances/bar/metadata',
      'GET /1.0/instances/bar/state',
    ]);
  });
});
