import { col, defineTable } from '../../engine/spec.js';
import { genDockerVersion } from './docker_version.js';

export default defineTable({
  name: 'docker_version',
  description: 'Docker version information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('version', 'TEXT', 'Docker version', { collate: 'VERSION' }),
    col('api_version', 'TEXT', 'API version', { collate: 'VERSION' }),
    col('min_api_version', 'TEXT', 'Minimum API version supported', { collate: 'VERSION' }),
    col('git_commit', 'TEXT', 'Docker build git commit'),
    col('go_version', 'TEXT', 'Go version', { collate: 'VERSION' }),
    col('os', 'TEXT', 'Operating system'),
    col('arch', 'TEXT', 'Hardware architecture'),
    col('kernel_version', 'TEXT', 'Kernel version', { collate: 'VERSION' }),
    col('build_time', 'TEXT', 'Build time'),
  ],
  examples: ['select version from docker_version'],
  generate: genDockerVersion,
});
