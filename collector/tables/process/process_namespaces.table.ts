/** osquery's `process_namespaces` table (spec specs/linux/process_namespaces.table, implementation system/processes@genProcessNamespaces). */
import { col, defineTable } from '../../engine/spec.js';
import { genProcessNamespaces } from './process_namespaces.js';

export default defineTable({
  name: 'process_namespaces',
  description: 'Linux namespaces for processes running on the host system.',
  platforms: ['linux'],
  columns: [
    col('pid', 'INTEGER', 'Process (or thread) ID', { index: true, optimized: true }),
    col('cgroup_namespace', 'TEXT', 'cgroup namespace inode'),
    col('ipc_namespace', 'TEXT', 'ipc namespace inode'),
    col('mnt_namespace', 'TEXT', 'mnt namespace inode'),
    col('net_namespace', 'TEXT', 'net namespace inode'),
    col('pid_namespace', 'TEXT', 'pid namespace inode'),
    col('user_namespace', 'TEXT', 'user namespace inode'),
    col('uts_namespace', 'TEXT', 'uts namespace inode'),
  ],
  examples: ['select * from process_namespaces where pid = 1'],
  generate: genProcessNamespaces,
});
