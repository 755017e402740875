import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainers } from './docker_containers.js';

export default defineTable({
  name: 'docker_containers',
  description: 'Docker containers information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { index: true, collate: 'NOCASE' }),
    col('name', 'TEXT', 'Container name', { index: true }),
    col('image', 'TEXT', 'Docker image (name) used to launch this container'),
    col('image_id', 'TEXT', 'Docker image ID', { collate: 'NOCASE' }),
    col('command', 'TEXT', 'Command with arguments'),
    col('created', 'BIGINT', 'Time of creation as UNIX time'),
    col('state', 'TEXT', 'Container state (created, restarting, running, removing, paused, exited, dead)'),
    col('status', 'TEXT', 'Container status information'),
    col('pid', 'BIGINT', 'Identifier of the initial process'),
    col('path', 'TEXT', 'Container path'),
    col('config_entrypoint', 'TEXT', 'Container entrypoint(s)'),
    col('started_at', 'TEXT', 'Container start time as string'),
    col('finished_at', 'TEXT', 'Container finish time as string'),
    col('privileged', 'INTEGER', 'Is the container privileged'),
    col('security_options', 'TEXT', 'List of container security options'),
    col('env_variables', 'TEXT', 'Container environmental variables'),
    col('readonly_rootfs', 'INTEGER', 'Is the root filesystem mounted as read only'),
    col('cgroup_namespace', 'TEXT', 'cgroup namespace'),
    col('ipc_namespace', 'TEXT', 'IPC namespace'),
    col('mnt_namespace', 'TEXT', 'Mount namespace'),
    col('net_namespace', 'TEXT', 'Network namespace'),
    col('pid_namespace', 'TEXT', 'PID namespace'),
    col('user_namespace', 'TEXT', 'User namespace'),
    col('uts_namespace', 'TEXT', 'UTS namespace'),
  ],
  examples: [
    "select * from docker_containers where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
    "select * from docker_containers where name = '/hello'",
  ],
  generate: genDockerContainers,
});
