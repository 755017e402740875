/**
 * lxd_instances, as osquery's genLxdInstances: the instances named by `name` constraints (GET /1.0/instances/<name>)
 * or every URL of GET /1.0/instances; then <url>/metadata for the image's description, os and architecture, and
 * <url>/state for pid and process count. An instance lacking a field osquery requires is skipped; a sub-request that
 * fails or lacks one leaves its columns NULL.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lookup, lxdList, lxdMetadata, need, needFlag, needInt, tryFields } from './lxd-api.js';

export function* genLxdInstances(ctx: QueryContext): Iterable<Row> {
  const names = ctx.equals('name').map(String);
  const urls =
    names.length > 0 ? names.map((n) => `/1.0/instances/${encodeURIComponent(n)}`) : lxdList(ctx, '/1.0/instances');
  for (const url of urls) {
    const instance = lxdMetadata(ctx, url);
    if (instance === null) continue;
    const row: Row = {};
    const complete = tryFields(ctx, url, () => {
      row.name = need(instance, 'name');
      row.status = need(instance, 'status');
      row.stateful = needFlag(instance, 'stateful');
      row.ephemeral = needFlag(instance, 'ephemeral');
      row.created_at = need(instance, 'created_at');
      row.base_image = need(lookup(instance, 'config'), 'volatile.base_image');
    });
    if (!complete) continue;
    const image = lxdMetadata(ctx, `${url}/metadata`);
    if (image !== null) {
      tryFields(ctx, `${url}/metadata`, () => {
        const properties = lookup(image, 'properties');
        row.description = need(properties, 'description');
        row.os = need(properties, 'os');
        row.architecture = need(properties, 'architecture');
      });
    }
    const state = lxdMetadata(ctx, `${url}/state`);
    if (state !== null) {
      tryFields(ctx, `${url}/state`, () => {
        row.pid = needInt(state, 'pid');
        row.processes = needInt(state, 'processes');
      });
    }
    yield row;
  }
}
