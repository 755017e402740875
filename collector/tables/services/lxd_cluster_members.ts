/** lxd_cluster_members, as osquery's genLxdClusterMembers: each member URL of GET /1.0/cluster/members. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lxdList, lxdMetadata, need, needFlag, tryFields } from './lxd-api.js';

export function* genLxdClusterMembers(ctx: QueryContext): Iterable<Row> {
  for (const url of lxdList(ctx, '/1.0/cluster/members')) {
    const member = lxdMetadata(ctx, url);
    if (member === null) continue;
    const row: Row = {};
    const complete = tryFields(ctx, url, () => {
      row.server_name = need(member, 'server_name');
      row.url = need(member, 'url');
      row.database = needFlag(member, 'database');
      row.status = need(member, 'status');
      row.message = need(member, 'message');
    });
    if (complete) yield row;
  }
}
