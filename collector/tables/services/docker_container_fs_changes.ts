/**
 * docker_container_fs_changes, as osquery's genContainerFsChanges: `id` is required; for each hexadecimal id,
 * GET /containers/<id>/changes, Kind 0/1/2 reported as C (modified), A (added), D (deleted); other kinds skipped.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, hexConstraintValues, num, str } from './docker-api.js';

const CHANGE_TYPES = ['C', 'A', 'D'];

export function* genDockerContainerFsChanges(ctx: QueryContext): Iterable<Row> {
  for (const id of hexConstraintValues(ctx, 'id')) {
    const changes = dockerGet(ctx, `/containers/${id}/changes`);
    if (!Array.isArray(changes)) continue;
    for (const item of changes) {
      const change = asRecord(item);
      const type = CHANGE_TYPES[num(change.Kind) ?? -1];
      const path = str(change.Path);
      if (type !== undefined && path !== undefined) yield { id, path, change_type: type };
    }
  }
}
