/** osquery's `osquery_info` table (spec specs/utility/osquery_info.table, implementation osquery@genOsqueryInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { generateOsqueryInfo } from './osquery_info.js';

export default defineTable({
  name: 'osquery_info',
  description: 'Top level information about the running version of osquery.',
  platforms: ['linux', 'darwin', 'windows'],
  attributes: { utility: true },
  columns: [
    col('pid', 'INTEGER', 'Process (or thread/handle) ID'),
    col('uuid', 'TEXT', 'Unique ID provided by the system', { collate: 'NOCASE' }),
    col('instance_id', 'TEXT', 'Unique, long-lived ID per instance of osquery'),
    col('version', 'TEXT', 'osquery toolkit version', { collate: 'VERSION' }),
    col('config_hash', 'TEXT', 'Hash of the working configuration state', { collate: 'NOCASE' }),
    col('config_valid', 'INTEGER', '1 if the config was loaded and considered valid, else 0'),
    col('extensions', 'TEXT', 'osquery extensions status'),
    col('build_platform', 'TEXT', 'osquery toolkit build platform'),
    col('build_distro', 'TEXT', 'osquery toolkit platform distribution name (os version)'),
    col('start_time', 'INTEGER', 'UNIX time in seconds when the process started'),
    col('watcher', 'INTEGER', 'Process (or thread/handle) ID of optional watcher process'),
    col('platform_mask', 'INTEGER', 'The osquery platform bitmask'),
  ],
  generate: generateOsqueryInfo,
});
