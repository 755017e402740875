import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import { startFakeDocker, startFakeLxd, type FakeDaemon } from './testing.js';

/** The docker_* and lxd_* tables through SQL, as osquery queries them, against the fake daemons. */
describe('docker and lxd tables through SQL', () => {
  let docker: FakeDaemon;
  let lxd: FakeDaemon;
  let engine: Engine;
  before(async () => {
    [docker, lxd] = await Promise.all([startFakeDocker(), startFakeLxd()]);
    const sockets: Record<string, string> = { docker_socket: docker.socket, lxd_socket: lxd.socket };
    engine = await Engine.create({ services: { flags: { get: (name) => sockets[name], list: () => [] } } });
  });
  after(() => {
    engine.close();
    docker.stop();
    lxd.stop();
  });

  it('finds a stopped container by an id prefix (the row carries the prefix, so SQLite keeps it)', () => {
    assert.deepEqual(engine.queryRows("SELECT id, name, state FROM docker_containers WHERE id = '11b2399e'"), [
      { id: '11b2399e', name: '/hello', state: 'exited' },
    ]);
  });

  it('joins the running containers to their processes, which need an id', () => {
    const rows = engine.queryRows(
      'SELECT c.name, p.pid, p.user FROM docker_containers c JOIN docker_container_processes p USING (id) ORDER BY p.pid',
    );
    assert.deepEqual(rows, [
      { name: '/web', pid: 4242, user: 'root' },
      { name: '/web', pid: 4280, user: 'nginx' },
    ]);
  });

  it('refuses a required-id table without an id, as osquery', () => {
    assert.throws(() => engine.queryRows('SELECT * FROM docker_container_stats'), /required/i);
  });

  it('filters LXD instance config with LIKE after the name constraint reached the table', () => {
    const rows = engine.queryRows(
      "SELECT key FROM lxd_instance_config WHERE name = 'foo' AND key LIKE 'volatile.%' ORDER BY key",
    );
    assert.deepEqual(
      rows.map((r) => r.key),
      ['volatile.base_image', 'volatile.eth0.hwaddr'],
    );
  });
});
