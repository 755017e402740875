/**
 * osquery's hidden `pid_with_namespace` column: a file-based table reads another mount namespace's files. osquery
 * forks into the namespace; reading the same files through /proc/<pid>/root gives that process's view of the
 * filesystem without leaving this process.
 */
import { existsSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';
import { PROC, integerEquals } from './proc.js';

export interface NamespaceRoot {
  /** The value the rows carry in pid_with_namespace (0 = this host's namespace). */
  readonly pidWithNamespace: number;
  /** Prefix for absolute paths: '' for the host, `/proc/<pid>/root` for a process's namespace. */
  readonly root: string;
}

/** The filesystem roots a scan reads: one per `pid_with_namespace = N` value, else the host's own. */
export function namespaceRoots(ctx: QueryContext): NamespaceRoot[] {
  const pids = integerEquals(ctx, 'pid_with_namespace');
  if (pids === null) return [{ pidWithNamespace: 0, root: '' }];
  const out: NamespaceRoot[] = [];
  for (const pid of pids) {
    if (pid === 0) out.push({ pidWithNamespace: 0, root: '' });
    else if (pid > 0 && existsSync(`${PROC}/${pid}/root`))
      out.push({ pidWithNamespace: pid, root: `${PROC}/${pid}/root` });
  }
  return out;
}
