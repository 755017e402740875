/**
 * lxd_storage_pools, as osquery's genLxdStoragePools: each pool URL of GET /1.0/storage-pools, its configured
 * source and size ('' when unset), and <url>/resources for space and inode use.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lookup, lxdList, lxdMetadata, need, needInt, text, tryFields } from './lxd-api.js';

export function* genLxdStoragePools(ctx: QueryContext): Iterable<Row> {
  for (const url of lxdList(ctx, '/1.0/storage-pools')) {
    const pool = lxdMetadata(ctx, url);
    if (pool === null) continue;
    const row: Row = {};
    const complete = tryFields(ctx, url, () => {
      const config = lookup(pool, 'config');
      if (config === undefined) need(pool, 'config');
      row.name = need(pool, 'name');
      row.driver = need(pool, 'driver');
      row.source = text(config, 'source');
      row.size = text(config, 'size');
    });
    if (!complete) continue;
    const resources = lxdMetadata(ctx, `${url}/resources`);
    if (resources !== null) {
      tryFields(ctx, `${url}/resources`, () => {
        row.space_used = needInt(resources, 'space/used');
        row.space_total = needInt(resources, 'space/total');
        row.inodes_used = needInt(resources, 'inodes/used');
        row.inodes_total = needInt(resources, 'inodes/total');
      });
    }
    yield row;
  }
}
