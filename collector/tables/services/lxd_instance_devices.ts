/**
 * lxd_instance_devices, as osquery's genLxdInstanceDevices: `name` is required; for each device of the instance's
 * `expanded_devices` (its own and its profiles'), a row per setting other than `type`, which is the device_type.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, lookup, lxdMetadata, scalarTextOf } from './lxd-api.js';

export function* genLxdInstanceDevices(ctx: QueryContext): Iterable<Row> {
  for (const name of ctx.equals('name').map(String)) {
    const instance = lxdMetadata(ctx, `/1.0/instances/${encodeURIComponent(name)}`);
    for (const [device, settings] of Object.entries(asRecord(lookup(instance, 'expanded_devices')))) {
      const entries = asRecord(settings);
      const deviceType = scalarTextOf(entries.type);
      for (const [key, value] of Object.entries(entries)) {
        if (key !== 'type') yield { name, device, device_type: deviceType, key, value: scalarTextOf(value) };
      }
    }
  }
}
