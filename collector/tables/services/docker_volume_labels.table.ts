import { col, defineTable } from '../../engine/spec.js';
import { genDockerVolumeLabels } from './docker_volume_labels.js';

export default defineTable({
  name: 'docker_volume_labels',
  description: 'Docker volume labels.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'Volume name', { index: true }),
    col('key', 'TEXT', 'Label key', { index: true }),
    col('value', 'TEXT', 'Optional label value'),
  ],
  examples: ['select * from docker_volume_labels', "select * from docker_volume_labels where name = 'btrfs'"],
  generate: genDockerVolumeLabels,
});
