/**
 * docker_image_layers, as osquery's genImageLayers: GET /images/<id>/json for each image (see imageIds) and a row per
 * RootFS.Layers entry (without `sha256:`), numbered from 1 in the API's order (base layer first).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { at, dockerGet, strings } from './docker-api.js';
import { imageIds } from './docker-images-each.js';

export function* genDockerImageLayers(ctx: QueryContext): Iterable<Row> {
  for (const id of imageIds(ctx)) {
    const image = dockerGet(ctx, `/images/${id}/json`);
    if (image === null) continue;
    const layers = strings(at(image, 'RootFS.Layers'));
    for (const [index, layer] of layers.entries()) {
      yield { id, layer_order: index + 1, layer_id: layer.replace(/^sha256:/, '') };
    }
  }
}
