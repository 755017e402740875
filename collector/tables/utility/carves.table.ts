/** osquery's `carves` table (spec specs/carves.table, implementation forensic/carves@genCarves). */
import { col, defineTable } from '../../engine/spec.js';
import { genCarves } from './carves.js';

export default defineTable({
  name: 'carves',
  description:
    'List the set of completed and in-progress carves. If carve=1 then the query is treated as a new carve request.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('time', 'BIGINT', 'Time at which the carve was kicked off'),
    col('sha256', 'TEXT', 'A SHA256 sum of the carved archive', { collate: 'NOCASE' }),
    col('size', 'BIGINT', 'Size in bytes of the carved archive'),
    col('path', 'TEXT', 'The path of the requested carve', { additional: true }),
    col('status', 'TEXT', 'Status of the carve, can be STARTING, PENDING, SUCCESS, or FAILED'),
    col('carve_guid', 'TEXT', 'Identifying value of the carve session', { index: true, collate: 'NOCASE' }),
    col(
      'request_id',
      'TEXT',
      'Identifying value of the carve request (e.g., scheduled query name, distributed request, etc)',
    ),
    col('carve', 'INTEGER', "Set this value to '1' to start a file carve", { additional: true }),
  ],
  examples: [
    'select * from carves',
    "select * from carves where status like '%FAIL%'",
    "select * from carves where path like '/Users/%/Downloads/%' and carve=1",
  ],
  generate: (ctx) => genCarves(ctx),
});
