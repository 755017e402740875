/**
 * `user_groups`: each user's group memberships as getgrouplist(3) reports them (primary group plus every group
 * naming the user), from /etc/passwd and /etc/group (osquery's genUserGroups).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { groupIdsOf, readGroups, usersFromContext } from '../lib/accounts.js';
import { integerEquals } from '../lib/proc.js';

export function genUserGroups(ctx: QueryContext): Row[] {
  const groups = readGroups('', (reason) => ctx.errors.skip(`${reason} of /etc/group`));
  const gids = integerEquals(ctx, 'gid');
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx)) {
    for (const gid of groupIdsOf(user, groups)) {
      if (gids === null || gids.includes(gid)) rows.push({ uid: user.uid, gid });
    }
  }
  return rows;
}
