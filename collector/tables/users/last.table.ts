/** osquery's `last` table (spec specs/posix/last.table, implementation last@genLastAccess). */
import { col, defineTable } from '../../engine/spec.js';
import { genLast } from './last.js';

export default defineTable({
  name: 'last',
  description: 'System logins and logouts.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('username', 'TEXT', 'Entry username'),
    col('tty', 'TEXT', 'Entry terminal'),
    col('pid', 'INTEGER', 'Process (or thread) ID'),
    col('type', 'INTEGER', 'Entry type, according to ut_type types (utmp.h)'),
    col('type_name', 'TEXT', 'Entry type name, according to ut_type types (utmp.h)'),
    col('time', 'INTEGER', 'Entry timestamp'),
    col('host', 'TEXT', 'Entry hostname'),
  ],
  attributes: { cacheable: true },
  generate: genLast,
});
