/** osquery's `yara_events` (spec specs/yara_events.table): YARA scans of files changed under mapped file_paths. */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from '../events/events.js';

export default defineTable({
  name: 'yara_events',
  description: 'Track YARA matches for files specified in configuration data.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('target_path', 'TEXT', 'The path scanned'),
    col('category', 'TEXT', 'The category of the file'),
    col('action', 'TEXT', 'Change action (UPDATE, REMOVE, etc)'),
    col('matches', 'TEXT', 'List of YARA matches'),
    col('count', 'INTEGER', 'Number of YARA matches'),
    col('strings', 'TEXT', 'Matching strings'),
    col('tags', 'TEXT', 'Matching tags'),
    col('time', 'BIGINT', 'Time of the scan'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
    col('transaction_id', 'BIGINT', 'ID used during bulk update', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('yara_events', ctx),
});
