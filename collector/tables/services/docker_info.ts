/** docker_info, as osquery's genInfo: one row from GET /info; the daemon's capability booleans as 0/1. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, flag, num, str } from './docker-api.js';

const TEXT: Array<[string, string]> = [
  ['id', 'ID'],
  ['storage_driver', 'Driver'],
  ['logging_driver', 'LoggingDriver'],
  ['cgroup_driver', 'CgroupDriver'],
  ['kernel_version', 'KernelVersion'],
  ['os', 'OperatingSystem'],
  ['os_type', 'OSType'],
  ['architecture', 'Architecture'],
  ['http_proxy', 'HttpProxy'],
  ['https_proxy', 'HttpsProxy'],
  ['no_proxy', 'NoProxy'],
  ['name', 'Name'],
  ['server_version', 'ServerVersion'],
  ['root_dir', 'DockerRootDir'],
];
const COUNTS: Array<[string, string]> = [
  ['containers', 'Containers'],
  ['containers_running', 'ContainersRunning'],
  ['containers_paused', 'ContainersPaused'],
  ['containers_stopped', 'ContainersStopped'],
  ['images', 'Images'],
  ['cpus', 'NCPU'],
  ['memory', 'MemTotal'],
];
const FLAGS: Array<[string, string]> = [
  ['memory_limit', 'MemoryLimit'],
  ['swap_limit', 'SwapLimit'],
  ['kernel_memory', 'KernelMemory'],
  ['cpu_cfs_period', 'CpuCfsPeriod'],
  ['cpu_cfs_quota', 'CpuCfsQuota'],
  ['cpu_shares', 'CPUShares'],
  ['cpu_set', 'CPUSet'],
  ['ipv4_forwarding', 'IPv4Forwarding'],
  ['bridge_nf_iptables', 'BridgeNfIptables'],
  ['bridge_nf_ip6tables', 'BridgeNfIp6tables'],
  ['oom_kill_disable', 'OomKillDisable'],
];

export function* genDockerInfo(ctx: QueryContext): Iterable<Row> {
  const answer = dockerGet(ctx, '/info');
  if (answer === null) return;
  const info = asRecord(answer);
  yield {
    ...Object.fromEntries(TEXT.map(([column, field]) => [column, str(info[field]) ?? ''])),
    ...Object.fromEntries(COUNTS.map(([column, field]) => [column, num(info[field]) ?? 0])),
    ...Object.fromEntries(FLAGS.map(([column, field]) => [column, flag(info[field])])),
  };
}
