import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerProcesses } from './docker_container_processes.js';

export default defineTable({
  name: 'docker_container_processes',
  description: 'Docker container processes.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { required: true, index: true, collate: 'NOCASE' }),
    col('pid', 'BIGINT', 'Process ID', { index: true }),
    col('name', 'TEXT', 'The process path or shorthand argv[0]'),
    col('cmdline', 'TEXT', 'Complete argv'),
    col('state', 'TEXT', 'Process state'),
    col('uid', 'BIGINT', 'User ID'),
    col('gid', 'BIGINT', 'Group ID'),
    col('euid', 'BIGINT', 'Effective user ID'),
    col('egid', 'BIGINT', 'Effective group ID'),
    col('suid', 'BIGINT', 'Saved user ID'),
    col('sgid', 'BIGINT', 'Saved group ID'),
    col('wired_size', 'BIGINT', 'Bytes of unpageable memory used by process'),
    col('resident_size', 'BIGINT', 'Bytes of private memory used by process'),
    col('total_size', 'BIGINT', 'Total virtual memory size'),
    col('start_time', 'BIGINT', 'Process start in seconds since boot (non-sleeping)'),
    col('parent', 'BIGINT', "Process parent's PID"),
    col('pgroup', 'BIGINT', 'Process group'),
    col('threads', 'INTEGER', 'Number of threads used by process'),
    col('nice', 'INTEGER', 'Process nice level (-20 to 20, default 0)'),
    col('user', 'TEXT', 'User name'),
    col('time', 'TEXT', 'Cumulative CPU time. [DD-]HH:MM:SS format'),
    col('cpu', 'DOUBLE', 'CPU utilization as percentage'),
    col('mem', 'DOUBLE', 'Memory utilization as percentage'),
  ],
  examples: [
    "select * from docker_container_processes where id = '1234567890abcdef'",
    "select * from docker_container_processes where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerProcesses,
});
