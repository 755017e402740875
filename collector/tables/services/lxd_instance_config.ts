/**
 * lxd_instance_config, as osquery's genLxdInstanceConfig: `name` is required; a row per key of the instance's own
 * `config` (GET /1.0/instances/<name>), not the profile-expanded one.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, lookup, lxdMetadata, scalarTextOf } from './lxd-api.js';

export function* genLxdInstanceConfig(ctx: QueryContext): Iterable<Row> {
  for (const name of ctx.equals('name').map(String)) {
    const instance = lxdMetadata(ctx, `/1.0/instances/${encodeURIComponent(name)}`);
    for (const [key, value] of Object.entries(asRecord(lookup(instance, 'config')))) {
      yield { name, key, value: scalarTextOf(value) };
    }
  }
}
