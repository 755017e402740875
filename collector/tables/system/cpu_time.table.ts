/** osquery's `cpu_time` table (spec specs/posix/cpu_time.table, implementation cpu_time@genCpuTime). */
import { col, defineTable } from '../../engine/spec.js';
import { genCpuTime } from './cpu_time.js';

export default defineTable({
  name: 'cpu_time',
  description:
    'Displays information from /proc/stat file about the time the cpu cores spent in different parts of the system.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('core', 'INTEGER', 'Name of the cpu (core)'),
    col('user', 'BIGINT', 'Time spent in user mode'),
    col('nice', 'BIGINT', 'Time spent in user mode with low priority (nice)'),
    col('system', 'BIGINT', 'Time spent in system mode'),
    col('idle', 'BIGINT', 'Time spent in the idle task'),
    col('iowait', 'BIGINT', 'Time spent waiting for I/O to complete'),
    col('irq', 'BIGINT', 'Time spent servicing interrupts'),
    col('softirq', 'BIGINT', 'Time spent servicing softirqs'),
    col('steal', 'BIGINT', 'Time spent in other operating systems when running in a virtualized environment'),
    col('guest', 'BIGINT', 'Time spent running a virtual CPU for a guest OS under the control of the Linux kernel'),
    col('guest_nice', 'BIGINT', 'Time spent running a niced guest '),
  ],
  generate: genCpuTime,
});
