import { col, defineTable } from '../../engine/spec.js';
import { genDockerImages } from './docker_images.js';

export default defineTable({
  name: 'docker_images',
  description: 'Docker images information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Image ID', { collate: 'NOCASE' }),
    col('created', 'BIGINT', 'Time of creation as UNIX time'),
    col('size_bytes', 'BIGINT', 'Size of image in bytes'),
    col('tags', 'TEXT', 'Comma-separated list of repository tags'),
  ],
  examples: [
    'select * from docker_images',
    "select * from docker_images where id = '6a2f32de169d'",
    "select * from docker_images where id = '6a2f32de169d14e6f8a84538eaa28f2629872d7d4f580a303b296c60db36fbd7'",
  ],
  generate: genDockerImages,
});
