/** osquery's `process_envs` table (spec specs/posix/process_envs.table, implementation system/processes@genProcessEnvs). */
import { col, defineTable } from '../../engine/spec.js';
import { genProcessEnvs } from './process_envs.js';

export default defineTable({
  name: 'process_envs',
  description: 'A key/value table of environment variables for each process.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('pid', 'INTEGER', 'Process (or thread) ID', { index: true, optimized: true }),
    col('key', 'TEXT', 'Environment variable name'),
    col('value', 'TEXT', 'Environment variable value'),
  ],
  examples: [
    'select * from process_envs where pid = 1',
    'select pe.*\n     from process_envs pe, (select * from processes limit 10) p\n     where p.pid = pe.pid;',
  ],
  generate: genProcessEnvs,
});
