import { col, defineTable } from '../../engine/spec.js';
import { genDockerVolumes } from './docker_volumes.js';

export default defineTable({
  name: 'docker_volumes',
  description: 'Docker volumes information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'Volume name', { index: true }),
    col('driver', 'TEXT', 'Volume driver'),
    col('mount_point', 'TEXT', 'Mount point'),
    col('type', 'TEXT', 'Volume type'),
  ],
  examples: ['select * from docker_volumes', "select * from docker_volumes where name = 'btrfs'"],
  generate: genDockerVolumes,
});
