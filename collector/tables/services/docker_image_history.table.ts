import { col, defineTable } from '../../engine/spec.js';
import { genDockerImageHistory } from './docker_image_history.js';

export default defineTable({
  name: 'docker_image_history',
  description: 'Docker image history information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Image ID', { index: true, collate: 'NOCASE' }),
    col('created', 'BIGINT', 'Time of creation as UNIX time'),
    col('size', 'BIGINT', 'Size of instruction in bytes'),
    col('created_by', 'TEXT', 'Created by instruction'),
    col('tags', 'TEXT', 'Comma-separated list of tags'),
    col('comment', 'TEXT', 'Instruction comment'),
  ],
  examples: [
    'select * from docker_image_history',
    "select * from docker_image_history where id = '6a2f32de169d'",
    "select * from docker_image_history where id = '6a2f32de169d14e6f8a84538eaa28f2629872d7d4f580a303b296c60db36fbd7'",
  ],
  generate: genDockerImageHistory,
});
