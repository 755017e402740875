import { col, defineTable } from '../../engine/spec.js';
import { genNpmPackages } from './npm_packages.js';

export default defineTable({
  name: 'npm_packages',
  description: 'Node packages installed in a system.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Package display name'),
    col('version', 'TEXT', 'Package-supplied version', { collate: 'VERSION' }),
    col('description', 'TEXT', 'Package-supplied description'),
    col('author', 'TEXT', 'Package-supplied author'),
    col('license', 'TEXT', 'License under which package is launched'),
    col('homepage', 'TEXT', 'Package supplied homepage'),
    col('path', 'TEXT', 'Path at which this module resides'),
    col('directory', 'TEXT', 'Directory where node_modules are located', { index: true, optimized: true }),
    col('depth', 'INTEGER', 'Nesting depth of the package (0 = direct dependency)'),
    col('max_depth', 'INTEGER', 'Maximum depth to search for nested packages (default 100, -1 = unlimited)', {
      additional: true,
      hidden: true,
    }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  examples: [
    'select * from npm_packages',
    "select * from npm_packages where directory = '/home/user/my_project'",
    "select * from npm_packages where directory = '/home/user/my_project' and max_depth = 0",
    'select name, version, depth from npm_packages where depth > 0',
  ],
  generate: genNpmPackages,
});
