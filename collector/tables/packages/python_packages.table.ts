import { col, defineTable } from '../../engine/spec.js';
import { genPythonPackages } from './python_packages.js';

export default defineTable({
  name: 'python_packages',
  description:
    'Python packages installed in a system. NOTE: when querying on windows, even without a users cross join, all user installed python packages will be returned. This special behavior is to not break original functionality.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Package display name'),
    col('uid', 'BIGINT', 'The local user that owns the python package', { index: true }),
    col('version', 'TEXT', 'Package-supplied version', { collate: 'VERSION' }),
    col('summary', 'TEXT', 'Package-supplied summary'),
    col('author', 'TEXT', 'Optional package author'),
    col('license', 'TEXT', 'License under which package is launched'),
    col('path', 'TEXT', 'Path at which this module resides'),
    col('directory', 'TEXT', 'Directory where Python modules are located', { index: true, optimized: true }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { userBased: true },
  examples: [
    "select * from python_packages where directory='/usr/'",
    'select * from users cross join python_packages using (uid)',
  ],
  generate: genPythonPackages,
});
