import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerMounts } from './docker_container_mounts.js';

export default defineTable({
  name: 'docker_container_mounts',
  description: 'Docker container mounts.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { index: true, collate: 'NOCASE' }),
    col('type', 'TEXT', 'Type of mount (bind, volume)'),
    col('name', 'TEXT', 'Optional mount name', { index: true }),
    col('source', 'TEXT', 'Source path on host'),
    col('destination', 'TEXT', 'Destination path inside container'),
    col('driver', 'TEXT', 'Driver providing the mount'),
    col('mode', 'TEXT', 'Mount options (rw, ro)'),
    col('rw', 'INTEGER', '1 if read/write. 0 otherwise'),
    col('propagation', 'TEXT', 'Mount propagation'),
  ],
  examples: [
    'select * from docker_container_mounts',
    "select * from docker_container_mounts where id = '1234567890abcdef'",
    "select * from docker_container_mounts where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerMounts,
});
