/** docker_network_labels, as osquery's genNetworkLabels: the `Labels` of each object from GET /networks. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { genDockerLabels } from './docker-labels.js';

export function genDockerNetworkLabels(ctx: QueryContext): Iterable<Row> {
  return genDockerLabels(ctx, {
    column: 'id',
    primaryKey: 'Id',
    url: '/networks',
    path: '',
    filter: true,
    addAll: false,
  });
}
