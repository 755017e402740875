/**
 * osquery's getLabels, behind docker_container_labels, docker_image_labels, docker_network_labels and
 * docker_volume_labels: one listing call (with the key column's `=` constraint as a filter where the endpoint takes
 * one) and a row per entry of each object's `Labels`. As in osquery, an object without a `Labels` key ends the
 * listing (its property-tree lookup throws out of the loop); a `null` Labels just has no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { scalarText } from '../lib/unix-socket-json.js';
import { asRecord, dockerFilter, dockerGet, keyValue } from './docker-api.js';

export interface LabelSource {
  /** The table's key column and the filter's key: `id`, or `name` for volumes. */
  readonly column: 'id' | 'name';
  /** The object field that column reports: `Id` or `Name`. */
  readonly primaryKey: 'Id' | 'Name';
  readonly url: string;
  /** Where the array is in the answer: '' for a top-level array, `Volumes` for /volumes. */
  readonly path: '' | 'Volumes';
  /** Whether the endpoint takes `filters` (not /images/json in osquery) and `all=1` (only /containers/json). */
  readonly filter: boolean;
  readonly addAll: boolean;
}

export function* genDockerLabels(ctx: QueryContext, source: LabelSource): Iterable<Row> {
  const filter = dockerFilter(ctx, source.column, source.addAll);
  const answer = dockerGet(ctx, source.filter ? `${source.url}${filter.query}` : source.url);
  const list = source.path === '' ? answer : asRecord(answer)[source.path];
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const object = asRecord(item);
    if (!('Labels' in object)) return;
    const key = keyValue(object[source.primaryKey], filter.prefixes);
    for (const [label, value] of Object.entries(asRecord(object.Labels))) {
      yield { [source.column]: key, key: label, value: scalarText(value) ?? '' };
    }
  }
}
