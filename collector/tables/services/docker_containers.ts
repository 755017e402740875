/**
 * docker_containers, as osquery's genContainers (tables/applications/posix/docker_api.cpp): the daemon's
 * GET /containers/json?all=1 (with `id` / `name` constraints passed as the API's filters), then for each container
 * GET /containers/<id>/json for the process, configuration and security settings, and the namespace inodes of its
 * init process from /proc/<pid>/ns. No Docker socket: no rows.
 */
import { readlinkSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, num, str, strings } from './docker-api.js';

const NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts'];

export function* genDockerContainers(ctx: QueryContext): Iterable<Row> {
  const list = dockerGet(ctx, `/containers/json?${listQuery(ctx)}`);
  if (!Array.isArray(list)) return;
  const inspectNeeded = ['pid', 'path', 'config_entrypoint', 'started_at', 'finished_at', 'privileged', 'security_options',
    'env_variables', 'readonly_rootfs', ...NAMESPACES.map((n) => `${n}_namespace`)].some((c) => ctx.used(c));
  for (const item of list) {
    const c = asRecord(item);
    const id = str(c.Id) ?? '';
    const row: Row = {
      id,
      name: strings(c.Names)[0] ?? '',
      image: str(c.Image),
      image_id: str(c.ImageID)?.replace(/^sha256:/, ''),
      command: str(c.Command),
      created: num(c.Created),
      state: str(c.State),
      status: str(c.Status),
    };
    if (inspectNeeded && id !== '') Object.assign(row, inspectRow(asRecord(dockerGet(ctx, `/containers/${id}/json`))));
    yield row;
  }
}

/** `all=1` plus a filters document for pushed-down id/name values (Docker matches prefixes/substrings; SQLite re-checks). */
function listQuery(ctx: QueryContext): string {
  const filters: Record<string, string[]> = {};
  const ids = ctx.equals('id').map(String);
  const names = ctx.equals('name').map((n) => String(n).replace(/^\//, ''));
  if (ids.length > 0) filters.id = ids;
  if (names.length > 0) filters.name = names;
  const query = new URLSearchParams({ all: '1' });
  if (Object.keys(filters).length > 0) query.set('filters', JSON.stringify(filters));
  return query.toString();
}

function inspectRow(details: Record<string, unknown>): Row {
  const state = asRecord(details.State);
  const config = asRecord(details.Config);
  const host = asRecord(details.HostConfig);
  const pid = num(state.Pid) ?? 0;
  const row: Row = {
    pid,
    path: str(details.Path),
    config_entrypoint: strings(config.Entrypoint).join(', '),
    started_at: str(state.StartedAt),
    finished_at: str(state.FinishedAt),
    privileged: host.Privileged === true ? 1 : 0,
    security_options: strings(host.SecurityOpt).join(', '),
    env_variables: strings(config.Env).join(', '),
    readonly_rootfs: host.ReadonlyRootfs === true ? 1 : 0,
  };
  if (pid > 0) for (const ns of NAMESPACES) row[`${ns}_namespace`] = namespaceInode(pid, ns);
  return row;
}

function namespaceInode(pid: number, ns: string): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/${ns}`))?.[1];
  } catch {
    return undefined;
  }
}
