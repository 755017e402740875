/** `groups`: local groups from /etc/group (osquery's Linux genGroups); `gid` constraints narrow the rows. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readGroups, signed32 } from '../lib/accounts.js';
import { namespaceRoots } from '../lib/namespace.js';
import { integerEquals } from '../lib/proc.js';

export function genGroups(ctx: QueryContext): Row[] {
  const gids = integerEquals(ctx, 'gid');
  const rows: Row[] = [];
  for (const ns of namespaceRoots(ctx)) {
    const groups = readGroups(ns.root, (reason) => ctx.errors.skip(`${reason} of ${ns.root}/etc/group`));
    for (const g of groups) {
      if (gids !== null && !gids.includes(g.gid)) continue;
      rows.push({
        gid: g.gid,
        gid_signed: signed32(g.gid),
        groupname: g.groupname,
        pid_with_namespace: ns.pidWithNamespace,
      });
    }
  }
  return rows;
}
