/** docker_container_labels, as osquery's genContainerLabels: the `Labels` of each object from GET /containers/json. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { genDockerLabels } from './docker-labels.js';

export function genDockerContainerLabels(ctx: QueryContext): Iterable<Row> {
  return genDockerLabels(ctx, {
    column: 'id',
    primaryKey: 'Id',
    url: '/containers/json',
    path: '',
    filter: true,
    addAll: true,
  });
}
