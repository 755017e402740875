/**
 * The fallback for queries whose table the enricher does not know (ad-hoc joins, custom packs): well-known osquery
 * column names go to their usual ECS fields, the event is categorised as `host` / `info`, and the whole row stays under
 * osquery.columns, so nothing is lost.
 */
import { hashOf } from './file-tables.js';
import type { TableMapping } from './mapping.js';
import { basename, int, str } from './row.js';

export const generic: TableMapping = {
  table: 'generic',
  category: ['host'],
  signature: [],
  types: () => ['info'],
  map(row, doc) {
    const pid = int(row, 'pid', 1);
    const path = str(row, 'path');
    if (pid !== null) {
      // With a pid, `path` is the program (processes-like rows); without one it is a file.
      doc.process = {
        pid,
        ppid: int(row, 'parent', 0) ?? int(row, 'ppid', 0),
        executable: path,
        name: str(row, 'name') ?? (path ? basename(path) : null),
        command_line: str(row, 'cmdline'),
      };
    } else if (path !== null) {
      doc.file = { path, name: basename(path) };
      const hash = hashOf(row);
      if (hash) doc.file.hash = hash;
    }
    const uid = str(row, 'uid');
    const username = str(row, 'username') ?? str(row, 'user');
    if (uid !== null || username !== null) doc.user = { id: uid, name: username };
  },
};
