/**
 * docker_container_stats, as osquery's genContainerStats: `id` is required; for each hexadecimal id,
 * GET /containers/<id>/stats?stream=false (Docker samples for a second, hence "at least one second" per query).
 * Disk bytes sum blkio_stats.io_service_bytes_recursive by op (Read/Write, any case: cgroup v2 reports lower case);
 * network bytes sum every interface. As in osquery, an answer without io_service_bytes_recursive (the documented
 * example has an empty blkio_stats) gives no row; a null one counts as no I/O.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, at, dockerGet, hexConstraintValues, num, str } from './docker-api.js';
import { diffNanos, unixTimeOf } from './docker-time.js';

export function* genDockerContainerStats(ctx: QueryContext): Iterable<Row> {
  for (const id of hexConstraintValues(ctx, 'id')) {
    const stats = dockerGet(ctx, `/containers/${id}/stats?stream=false`);
    if (stats === null) continue;
    const io = at(stats, 'blkio_stats.io_service_bytes_recursive');
    if (io === undefined) {
      ctx.errors.skip(`docker stats ${id}: no blkio_stats.io_service_bytes_recursive`);
      continue;
    }
    yield statsRow(id, asRecord(stats), io);
  }
}

function statsRow(id: string, stats: Record<string, unknown>, io: unknown): Row {
  const n = (path: string): number => num(at(stats, path)) ?? 0;
  const read = str(stats.read) ?? '';
  const preread = str(stats.preread) ?? '';
  const readTime = unixTimeOf(read, false);
  const prereadTime = unixTimeOf(preread, false);
  return {
    id,
    name: str(stats.name) ?? '',
    pids: n('pids_stats.current'),
    read: readTime,
    preread: prereadTime,
    interval: (readTime - prereadTime) * 1_000_000_000 + diffNanos(read, preread),
    disk_read: ioBytes(io, 'read'),
    disk_write: ioBytes(io, 'write'),
    num_procs: n('num_procs'),
    cpu_total_usage: n('cpu_stats.cpu_usage.total_usage'),
    cpu_kernelmode_usage: n('cpu_stats.cpu_usage.usage_in_kernelmode'),
    cpu_usermode_usage: n('cpu_stats.cpu_usage.usage_in_usermode'),
    system_cpu_usage: n('cpu_stats.system_cpu_usage'),
    online_cpus: n('cpu_stats.online_cpus'),
    pre_cpu_total_usage: n('precpu_stats.cpu_usage.total_usage'),
    pre_cpu_kernelmode_usage: n('precpu_stats.cpu_usage.usage_in_kernelmode'),
    pre_cpu_usermode_usage: n('precpu_stats.cpu_usage.usage_in_usermode'),
    pre_system_cpu_usage: n('precpu_stats.system_cpu_usage'),
    pre_online_cpus: n('precpu_stats.online_cpus'),
    memory_usage: n('memory_stats.usage'),
    memory_cached: n('memory_stats.stats.cache'),
    memory_inactive_file: n('memory_stats.stats.inactive_file'),
    memory_total_inactive_file: n('memory_stats.stats.total_inactive_file'),
    memory_max_usage: n('memory_stats.max_usage'),
    memory_limit: n('memory_stats.limit'),
    network_rx_bytes: networkBytes(stats.networks, 'rx_bytes'),
    network_tx_bytes: networkBytes(stats.networks, 'tx_bytes'),
  };
}

function ioBytes(io: unknown, op: string): number {
  if (!Array.isArray(io)) return 0;
  return io
    .map(asRecord)
    .filter((e) => str(e.op)?.toLowerCase() === op)
    .reduce((sum, e) => sum + (num(e.value) ?? 0), 0);
}

function networkBytes(networks: unknown, key: string): number {
  return Object.values(asRecord(networks)).reduce<number>((sum, nic) => sum + (num(asRecord(nic)[key]) ?? 0), 0);
}
