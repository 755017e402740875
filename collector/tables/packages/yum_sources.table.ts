import { col, defineTable } from '../../engine/spec.js';
import { genYumSources } from './yum_sources.js';

export default defineTable({
  name: 'yum_sources',
  description: 'Current list of Yum repositories or software channels.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Repository name'),
    col('source', 'TEXT', 'Source file'),
    col('baseurl', 'TEXT', 'Repository base URL'),
    col('mirrorlist', 'TEXT', 'Mirrorlist URL'),
    col('metalink', 'TEXT', 'Metalink URL'),
    col('enabled', 'TEXT', 'Whether the repository is used'),
    col('gpgcheck', 'TEXT', 'Whether packages are GPG checked'),
    col('gpgkey', 'TEXT', 'URL to GPG key'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  generate: genYumSources,
});
