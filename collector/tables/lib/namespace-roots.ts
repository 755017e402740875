/**
 * osquery's `pid_with_namespace` hidden column: a table that reads files (etc_hosts, deb_packages, apt_sources…)
 * reads them inside the mount namespace of the given process instead of the host's. osquery forks into the
 * namespace; Osprey reads through /proc/<pid>/root, which the kernel resolves in that process's mount namespace.
 */
import { existsSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';

export interface FileRoot {
  /** Prefix for absolute paths: '' for the host, '/proc/<pid>/root' inside a process's mount namespace. */
  prefix: string;
  /** Value of pid_with_namespace in the rows: the pid, or 0 for the host (osquery's default). */
  pid: number;
}

export function fileRoots(ctx: QueryContext): FileRoot[] {
  const pids = ctx.equals('pid_with_namespace').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (pids.length === 0) return [{ prefix: '', pid: 0 }];
  const roots: FileRoot[] = [];
  for (const pid of new Set(pids)) {
    if (existsSync(`/proc/${pid}/root`)) roots.push({ prefix: `/proc/${pid}/root`, pid });
    else ctx.errors.skip(`pid_with_namespace ${pid} is not a running process`);
  }
  return roots;
}
