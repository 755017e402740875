/**
 * docker_volumes, as osquery's genVolumes: GET /volumes, a `name` constraint sent as the filter only when it is
 * hexadecimal (osquery applies its id check to names too; other names are matched by SQLite on all volumes).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, at, dockerFilter, dockerGet, keyValue, str } from './docker-api.js';

export function* genDockerVolumes(ctx: QueryContext): Iterable<Row> {
  const filter = dockerFilter(ctx, 'name', false);
  const volumes = asRecord(dockerGet(ctx, `/volumes${filter.query}`)).Volumes;
  if (!Array.isArray(volumes)) return;
  for (const volume of volumes.map(asRecord)) {
    yield {
      name: keyValue(volume.Name, filter.prefixes),
      driver: str(volume.Driver) ?? '',
      mount_point: str(volume.Mountpoint) ?? '',
      type: str(at(volume, 'Options.type')) ?? '',
    };
  }
}
