/** osquery's `shell_history` table (spec specs/posix/shell_history.table, implementation shell_history@genShellHistory). */
import { col, defineTable } from '../../engine/spec.js';
import { genShellHistory } from './shell_history.js';

export default defineTable({
  name: 'shell_history',
  description: 'A line-delimited (command) table of per-user .*_history data.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('uid', 'BIGINT', 'Shell history owner', { additional: true, optimized: true }),
    col('time', 'INTEGER', 'Entry timestamp. It could be absent, default value is 0.'),
    col('command', 'TEXT', 'Unparsed date/line/command history line'),
    col('history_file', 'TEXT', 'Path to the .*_history for this user'),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join shell_history using (uid)'],
  generate: genShellHistory,
});
