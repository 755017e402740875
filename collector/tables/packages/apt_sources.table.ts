import { col, defineTable } from '../../engine/spec.js';
import { genAptSources } from './apt_sources.js';

export default defineTable({
  name: 'apt_sources',
  description: 'Current list of APT repositories or software channels.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Repository name'),
    col('source', 'TEXT', 'Source file'),
    col('base_uri', 'TEXT', 'Repository base URI'),
    col('release', 'TEXT', 'Release name'),
    col('version', 'TEXT', 'Repository source version', { collate: 'VERSION_DPKG' }),
    col('maintainer', 'TEXT', 'Repository maintainer'),
    col('components', 'TEXT', 'Repository components'),
    col('architectures', 'TEXT', 'Repository architectures'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  generate: genAptSources,
});
