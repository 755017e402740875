import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerFsChanges } from './docker_container_fs_changes.js';

export default defineTable({
  name: 'docker_container_fs_changes',
  description: "Changes to files or directories on container's filesystem.",
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { required: true, index: true, collate: 'NOCASE' }),
    col('path', 'TEXT', 'FIle or directory path relative to rootfs'),
    col('change_type', 'TEXT', 'Type of change: C:Modified, A:Added, D:Deleted'),
  ],
  examples: [
    "select * from docker_container_fs_changes where id = '1234567890abcdef'",
    "select * from docker_container_fs_changes where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerFsChanges,
});
