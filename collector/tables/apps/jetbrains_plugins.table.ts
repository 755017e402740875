/** osquery's `jetbrains_plugins` table (spec specs/jetbrains_plugins.table, implementation applications/jetbrains_plugins@genJetBrainsPlugins). */
import { col, defineTable } from '../../engine/spec.js';
import { genJetBrainsPlugins } from './jetbrains_plugins.js';

export default defineTable({
  name: 'jetbrains_plugins',
  description: 'JetBrains IDEs plugins.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col(
      'product_type',
      'TEXT',
      'The product type (Valid values: CLion, DataGrip, GoLand, IntelliJIdea, IntelliJIdeaCommunityEdition, PhpStorm, PyCharm, PyCharmCommunityEdition, ReSharper, Rider, RubyMine, RustRover, WebStorm)',
    ),
    col('uid', 'BIGINT', 'The local user that owns the plugin', { index: true }),
    col('name', 'TEXT', 'Name of the plugin (Title Case)'),
    col('version', 'TEXT', 'Version of the plugin', { collate: 'VERSION' }),
    col('vendor', 'TEXT', 'The vendor name or organization id that authored the plugin'),
    col('path', 'TEXT', 'The path on the filesystem for the plugin. This may be a folder or a jar filename'),
  ],
  attributes: { userBased: true },
  examples: ['select * from users cross join jetbrains_plugins using (uid)'],
  generate: (ctx) => genJetBrainsPlugins(ctx),
});
