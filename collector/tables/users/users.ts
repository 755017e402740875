/**
 * `users`: local accounts from /etc/passwd (osquery's Linux genUsers with include_remote = 0). `uid` and
 * `username` constraints narrow the rows; `pid_with_namespace` reads another mount namespace's passwd.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { signed32, usersFromContext } from '../lib/accounts.js';
import { namespaceRoots } from '../lib/namespace.js';

export function genUsers(ctx: QueryContext): Row[] {
  // Remote (NSS: LDAP, AD, sssd) accounts need getpwent(3), which Node cannot call; include_remote = 1 is
  // answered from the local files and the rows echo the constraint so SQLite keeps them.
  const includeRemote = ctx.equals('include_remote').some((v) => Number(v) === 1) ? 1 : 0;
  const rows: Row[] = [];
  for (const ns of namespaceRoots(ctx)) {
    for (const u of usersFromContext(ctx, ns.root)) {
      rows.push({
        uid: u.uid,
        gid: u.gid,
        uid_signed: signed32(u.uid),
        gid_signed: signed32(u.gid),
        username: u.username,
        description: u.description,
        directory: u.directory,
        shell: u.shell,
        uuid: '',
        pid_with_namespace: ns.pidWithNamespace,
        include_remote: includeRemote,
      });
    }
  }
  return rows;
}
