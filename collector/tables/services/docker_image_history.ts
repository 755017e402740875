/**
 * docker_image_history, as osquery's genImageHistory: GET /images/<id>/history for each image (see imageIds), a row
 * per layer-creating step with its tags joined by commas. The row's id is the image asked for, not the step's own id.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, num, str, strings } from './docker-api.js';
import { imageIds } from './docker-images-each.js';

export function* genDockerImageHistory(ctx: QueryContext): Iterable<Row> {
  for (const id of imageIds(ctx)) {
    const history = dockerGet(ctx, `/images/${id}/history`);
    if (!Array.isArray(history)) continue;
    for (const item of history.map(asRecord)) {
      // A step without a Tags key fails osquery's lookup and is skipped; `"Tags": null` is an empty list.
      if (!('Tags' in item)) continue;
      yield {
        id,
        created: num(item.Created) ?? 0,
        size: num(item.Size) ?? 0,
        created_by: str(item.CreatedBy) ?? '',
        tags: strings(item.Tags).join(','),
        comment: str(item.Comment) ?? '',
      };
    }
  }
}
