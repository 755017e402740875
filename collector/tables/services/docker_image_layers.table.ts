import { col, defineTable } from '../../engine/spec.js';
import { genDockerImageLayers } from './docker_image_layers.js';

export default defineTable({
  name: 'docker_image_layers',
  description: 'Docker image layers information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Image ID', { index: true, collate: 'NOCASE' }),
    col('layer_id', 'TEXT', 'Layer ID', { collate: 'NOCASE' }),
    col('layer_order', 'INTEGER', 'Layer Order (1 = base layer)'),
  ],
  examples: [
    'select * from docker_image_layers',
    "select * from docker_image_layers where id = '6a2f32de169d'",
    "select * from docker_image_layers where id = '6a2f32de169d14e6f8a84538eaa28f2629872d7d4f580a303b296c60db36fbd7'",
  ],
  generate: genDockerImageLayers,
});
