/**
 * docker_containers, as osquery's genContainers (tables/applications/posix/docker.cpp): GET /containers/json (only
 * running containers unless an `id` constraint adds `all=1` and the filter), then for each container
 * GET /containers/<id>/json?stream=false for the process, configuration and security settings, and the namespace
 * inodes of its init process from /proc/<pid>/ns. No Docker socket: no rows.
 */
import { readlinkSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerContainers, dockerGet, flag, keyValue, num, str, strings } from './docker-api.js';

const NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts'];
const INSPECT_COLUMNS = [
  'pid',
  'path',
  'config_entrypoint',
  'started_at',
  'finished_at',
  'privileged',
  'security_options',
  'env_variables',
  'readonly_rootfs',
  ...NAMESPACES.map((n) => `${n}_namespace`),
];

export function* genDockerContainers(ctx: QueryContext): Iterable<Row> {
  const list = dockerContainers(ctx);
  if (list === null) return;
  const inspectNeeded = INSPECT_COLUMNS.some((c) => ctx.used(c));
  for (const c of list.containers) {
    const row: Row = {
      id: keyValue(c.Id, list.prefixes),
      name: strings(c.Names)[0],
      image: str(c.Image) ?? '',
      image_id: (str(c.ImageID) ?? '').replace(/^sha256:/, ''),
      command: str(c.Command) ?? '',
      created: num(c.Created) ?? 0,
      state: str(c.State) ?? '',
      status: str(c.Status) ?? '',
    };
    if (inspectNeeded) {
      const details = dockerGet(ctx, `/containers/${String(row.id)}/json?stream=false`);
      if (details !== null) Object.assign(row, inspectRow(asRecord(details), row.state === 'running'));
    }
    yield row;
  }
}

function inspectRow(details: Record<string, unknown>, running: boolean): Row {
  const state = asRecord(details.State);
  const config = asRecord(details.Config);
  const host = asRecord(details.HostConfig);
  const pid = num(state.Pid) ?? -1;
  const row: Row = {
    pid,
    started_at: str(state.StartedAt) ?? '',
    // osquery reports no finish time for a running container (Docker's is the zero time then).
    finished_at: running ? '' : (str(state.FinishedAt) ?? ''),
    privileged: flag(host.Privileged),
    readonly_rootfs: flag(host.ReadonlyRootfs),
    path: str(details.Path) ?? '',
    config_entrypoint: strings(config.Entrypoint).join(', '),
    security_options: strings(host.SecurityOpt).join(', '),
    env_variables: strings(config.Env).join(', '),
  };
  if (pid !== -1) for (const ns of NAMESPACES) row[`${ns}_namespace`] = namespaceInode(pid, ns);
  return row;
}

/** The inode in /proc/<pid>/ns/<ns> ("net:[4026531840]"); none for a stopped container (pid 0) or a foreign pid. */
function namespaceInode(pid: number, ns: string): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/${ns}`))?.[1];
  } catch {
    return undefined;
  }
}
