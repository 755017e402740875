import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerEnvs } from './docker_container_envs.js';

export default defineTable({
  name: 'docker_container_envs',
  description: 'Docker container environment variables.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { index: true, collate: 'NOCASE' }),
    col('key', 'TEXT', 'Environment variable name'),
    col('value', 'TEXT', 'Environment variable value'),
  ],
  examples: [
    'select * from docker_container_envs',
    "select * from docker_container_envs where id = '1234567890abcdef'",
    "select * from docker_container_envs where id = '11b2399e1426d906e62a0c657650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerEnvs,
});
