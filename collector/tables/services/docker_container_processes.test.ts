import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerProcesses } from './docker_container_processes.js';

describe('docker_container_processes', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('asks docker top for the 21 ps fields and maps them as osquery does', async () => {
    const rows = [
      ...genDockerContainerProcesses(
        docker.context('docker_container_processes', [
          { column: 'id', op: '=', value: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6' },
        ]),
      ),
    ];
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
      pid: 4242,
      state: 'S',
      uid: 0,
      gid: 0,
      euid: 0,
      egid: 0,
      suid: 0,
      sgid: 0,
      wired_size: 0,
      resident_size: 5432000,
      total_size: 10920000,
      start_time: null,
      parent: 4200,
      pgroup: 4242,
      threads: 1,
      nice: 0,
      user: 'root',
      time: '00:00:01',
      cpu: 0.1,
      mem: 0.2,
      name: 'nginx',
      cmdline: 'nginx: master process nginx -g daemon off;',
    });
    assert.deepEqual([rows[1]?.pid, rows[1]?.uid, rows[1]?.user, rows[1]?.parent], [4280, 101, 'nginx', 4242]);
    const request = await docker.requested(/\/top\?/);
    assert.equal(
      request,
      'GET /containers/8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6/top?ps_args=axwwo%20pid,state,uid,gid,euid,egid,suid,sgid,rss,vsz,etime,ppid,pgrp,nlwp,nice,user,time,pcpu,pmem,comm,cmd',
    );
  });

  it('ignores ids that are not hexadecimal and containers Docker does not know', () => {
    const ctx = docker.context('docker_container_processes', [
      { column: 'id', op: '=', value: '../../version' },
      { column: 'id', op: '=', value: 'ffff' },
    ]);
    assert.deepEqual([...genDockerContainerProcesses(ctx)], []);
  });
});
