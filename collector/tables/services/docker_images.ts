/**
 * docker_images, as osquery's genImages: GET /images/json — id (without the sha256: prefix), created, size_bytes,
 * and the repository tags joined with commas. As in osquery, an image without a RepoTags key is skipped (a null
 * RepoTags, an untagged image, has tags ''). No Docker socket: no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, num, str, strings } from './docker-api.js';

export function* genDockerImages(ctx: QueryContext): Iterable<Row> {
  const list = dockerGet(ctx, '/images/json');
  if (!Array.isArray(list)) return;
  for (const image of list.map(asRecord)) {
    if (!('RepoTags' in image)) continue;
    yield {
      id: (str(image.Id) ?? '').replace(/^sha256:/, ''),
      created: num(image.Created) ?? 0,
      size_bytes: num(image.Size) ?? 0,
      tags: strings(image.RepoTags).join(','),
    };
  }
}
