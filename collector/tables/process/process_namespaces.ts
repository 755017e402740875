/**
 * `process_namespaces`: the namespace inode of each kind for each process, from the links in /proc/<pid>/ns
 * (`net:[4026531840]` → `4026531840`, as osquery's genProcessNamespaces). A namespace the kernel does not show, or
 * a link we may not read (another user's process without CAP_SYS_PTRACE), is '' as in osquery.
 */
import { existsSync, readlinkSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, pidsFromContext } from '../lib/proc.js';
import { isGone } from '../lib/read.js';

const KINDS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts'] as const;

export function genProcessNamespaces(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  for (const pid of pidsFromContext(ctx)) {
    const row: Row = { pid };
    for (const kind of KINDS) row[`${kind}_namespace`] = readNamespace(ctx, pid, kind);
    // A process that exited during the scan has no row (as osquery, which lists only live pids).
    if (existsSync(`${PROC}/${pid}`)) rows.push(row);
  }
  return rows;
}

function readNamespace(ctx: QueryContext, pid: number, kind: string): string {
  try {
    return namespaceInode(readlinkSync(`${PROC}/${pid}/ns/${kind}`));
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot read ${PROC}/${pid}/ns/${kind}`, err);
    return '';
  }
}

/** `net:[4026531840]` → `4026531840`; anything else → ''. */
export function namespaceInode(link: string): string {
  const match = /^[a-z_]+:\[(\d+)\]$/.exec(link);
  return match?.[1] ?? '';
}
