/** docker_volume_labels, as osquery's genVolumeLabels: the `Labels` of each object from GET /volumes. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { genDockerLabels } from './docker-labels.js';

export function genDockerVolumeLabels(ctx: QueryContext): Iterable<Row> {
  return genDockerLabels(ctx, {
    column: 'name',
    primaryKey: 'Name',
    url: '/volumes',
    path: 'Volumes',
    filter: true,
    addAll: false,
  });
}
