/**
 * osquery's getImageDetailsAll pattern, behind docker_image_history and docker_image_layers: the images named by
 * hexadecimal `id` constraints, or else every image of GET /images/json (ids without `sha256:`).
 */
import type { QueryContext } from '../../engine/spec.js';
import { asRecord, dockerGet, hexConstraintValues, str } from './docker-api.js';

export function imageIds(ctx: QueryContext): string[] {
  if (ctx.equals('id').length > 0) return hexConstraintValues(ctx, 'id');
  const list = dockerGet(ctx, '/images/json');
  if (!Array.isArray(list)) return [];
  return list.map((image) => (str(asRecord(image).Id) ?? '').replace(/^sha256:/, ''));
}
