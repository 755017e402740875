/**
 * docker_images, as osquery's genImages: GET /images/json — id (without the sha256: prefix), created, size_bytes,
 * and the repository tags joined with commas. No Docker socket: no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, num, str, strings } from './docker-api.js';

export function* genDockerImages(ctx: QueryContext): Iterable<Row> {
  const list = dockerGet(ctx, '/images/json');
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const image = asRecord(item);
    yield {
      id: str(image.Id)?.replace(/^sha256:/, ''),
      created: num(image.Created),
      size_bytes: num(image.Size),
      tags: strings(image.RepoTags).join(','),
    };
  }
}
