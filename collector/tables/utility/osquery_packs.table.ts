import { col, defineTable } from '../../engine/spec.js';
import { generateOsqueryPacks } from './osquery_schedule.js';

export default defineTable({
  name: 'osquery_packs',
  description: 'Information about the current query packs that are loaded in osquery.',
  platforms: ['linux', 'darwin', 'windows', 'freebsd'],
  columns: [
    col('name', 'TEXT', 'The given name for this query pack'),
    col('platform', 'TEXT', 'Platforms this query is supported on'),
    col('version', 'TEXT', 'Minimum osquery version that this query will run on'),
    col('shard', 'INTEGER', 'Shard restriction limit, 1-100, 0 meaning no restriction'),
    col(
      'discovery_cache_hits',
      'INTEGER',
      'The number of times that the discovery query used cached values since the last time the config was reloaded',
    ),
    col(
      'discovery_executions',
      'INTEGER',
      'The number of times that the discovery queries have been executed since the last time the config was reloaded',
    ),
    col(
      'active',
      'INTEGER',
      'Whether this pack is active (the version, platform and discovery queries match) yes=1, no=0.',
    ),
  ],
  attributes: { utility: true },
  generate: generateOsqueryPacks,
});
