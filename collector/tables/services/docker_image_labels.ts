/** docker_image_labels, as osquery's genImageLabels: the `Labels` of each object from GET /images/json. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { genDockerLabels } from './docker-labels.js';

export function genDockerImageLabels(ctx: QueryContext): Iterable<Row> {
  return genDockerLabels(ctx, {
    column: 'id',
    primaryKey: 'Id',
    url: '/images/json',
    path: '',
    filter: false,
    addAll: false,
  });
}
