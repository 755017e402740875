/**
 * lxd_cluster, as osquery's genLxdCluster: one row from GET /1.0/cluster. osquery keeps one member_config entry,
 * the last (each overwrites the row's columns); none leaves those columns NULL.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lookup, lxdMetadata, need, needFlag, text, tryFields } from './lxd-api.js';

export function* genLxdCluster(ctx: QueryContext): Iterable<Row> {
  const cluster = lxdMetadata(ctx, '/1.0/cluster');
  if (cluster === null) return;
  const row: Row = {};
  const complete = tryFields(ctx, '/1.0/cluster', () => {
    row.server_name = need(cluster, 'server_name');
    row.enabled = needFlag(cluster, 'enabled');
    const members = lookup(cluster, 'member_config');
    if (members === undefined) need(cluster, 'member_config');
    for (const member of Array.isArray(members) ? members : []) {
      row.member_config_entity = need(member, 'entity');
      row.member_config_name = need(member, 'name');
      row.member_config_key = need(member, 'key');
      row.member_config_value = text(member, 'value');
      row.member_config_description = need(member, 'description');
    }
  });
  if (complete) yield row;
}
