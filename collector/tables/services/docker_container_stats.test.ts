import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDocker, type FakeDocker } from './testing.js';
import { genDockerContainerStats } from './docker_container_stats.js';

describe('docker_container_stats', () => {
  let docker: FakeDocker;
  before(async () => {
    docker = await startFakeDocker();
  });
  after(() => docker.stop());

  it('sums disk and network bytes and computes the read interval as osquery does', () => {
    const rows = [
      ...genDockerContainerStats(
        docker.context('docker_container_stats', [
          { column: 'id', op: '=', value: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6' },
        ]),
      ),
    ];
    const read = Date.UTC(2015, 0, 8, 22, 57, 31) / 1000;
    assert.deepEqual(rows, [
      {
        id: '8dfafdbc3a40a1c7f1b6d6f1a4bde0b5bdf5a8f5d5c3a7b1e2f4d6c8b0a2e4f6',
        name: '/web',
        pids: 3,
        read,
        preread: read - 1,
        interval: 1_100_000_000,
        disk_read: 1048576 + 512,
        disk_write: 4096,
        num_procs: 0,
        cpu_total_usage: 100215355,
        cpu_kernelmode_usage: 30000000,
        cpu_usermode_usage: 50000000,
        system_cpu_usage: 739306590000000,
        online_cpus: 4,
        pre_cpu_total_usage: 100093996,
        pre_cpu_kernelmode_usage: 30000000,
        pre_cpu_usermode_usage: 50000000,
        pre_system_cpu_usage: 9492140000000,
        pre_online_cpus: 4,
        memory_usage: 6537216,
        memory_cached: 4096,
        memory_inactive_file: 2048,
        memory_total_inactive_file: 8192,
        memory_max_usage: 6651904,
        memory_limit: 67108864,
        network_rx_bytes: 5338 + 4641,
        network_tx_bytes: 648 + 690,
      },
    ]);
  });

  it('gives no row for an answer without io_service_bytes_recursive, as osquery', () => {
    assert.deepEqual(
      [
        ...genDockerContainerStats(
          docker.context('docker_container_stats', [
            { column: 'id', op: '=', value: '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355' },
          ]),
        ),
      ],
      [],
    );
  });
});
