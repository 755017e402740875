import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerInfo } from './docker_info.js';

describe('docker_info', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('reports GET /info with capability booleans as 0/1', () => {
    const [row] = [...genDockerInfo(docker.context('docker_info'))];
    assert.equal(row?.id, '7TRN:IPZB:QYBB:VPBQ:UWYJ:KPPX:TSF3:3DEF:PTHR:VMJ4:2SWE:MI3G');
    assert.deepEqual(
      [row?.containers, row?.containers_running, row?.containers_paused, row?.containers_stopped, row?.images],
      [14, 3, 1, 10, 508],
    );
    assert.deepEqual(
      [row?.storage_driver, row?.logging_driver, row?.cgroup_driver, row?.os, row?.os_type, row?.architecture],
      ['overlay2', 'json-file', 'cgroupfs', 'Alpine Linux v3.5', 'linux', 'x86_64'],
    );
    assert.deepEqual(
      [row?.memory_limit, row?.ipv4_forwarding, row?.bridge_nf_ip6tables, row?.oom_kill_disable],
      [1, 1, 0, 1],
    );
    assert.deepEqual(
      [row?.cpus, row?.memory, row?.server_version, row?.root_dir, row?.no_proxy],
      [4, 2095882240, '17.06.0-ce', '/var/lib/docker', '*.local, 169.254/16'],
    );
  });
});
