import { col, defineTable } from '../../engine/spec.js';
import { genOsqueryRegistry } from './osquery_registry.js';

export default defineTable({
  name: 'osquery_registry',
  description: 'List the osquery registry plugins.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('registry', 'TEXT', 'Name of the osquery registry'),
    col('name', 'TEXT', 'Name of the plugin item'),
    col('owner_uuid', 'INTEGER', 'Extension route UUID (0 for core)'),
    col('internal', 'INTEGER', '1 If the plugin is internal else 0'),
    col('active', 'INTEGER', '1 If this plugin is active else 0'),
  ],
  attributes: { utility: true },
  generate: genOsqueryRegistry,
});
