/** osquery's `vscode_extensions` table (spec specs/vscode_extensions.table, implementation applications/vscode_extensions@genVSCodeExtensions). */
import { col, defineTable } from '../../engine/spec.js';
import { genVSCodeExtensions } from './vscode_extensions.js';

export default defineTable({
  name: 'vscode_extensions',
  description: 'Lists all vscode extensions.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Extension Name'),
    col('uuid', 'TEXT', 'Extension UUID', { collate: 'NOCASE' }),
    col('version', 'TEXT', 'Extension version', { collate: 'VERSION' }),
    col('path', 'TEXT', 'Extension path'),
    col('publisher', 'TEXT', 'Publisher Name'),
    col('publisher_id', 'TEXT', 'Publisher ID'),
    col('installed_at', 'BIGINT', 'Installed Timestamp'),
    col('prerelease', 'INTEGER', 'Pre release version'),
    col('uid', 'BIGINT', 'The local user that owns the plugin', { additional: true, optimized: true }),
    col(
      'vscode_edition',
      'TEXT',
      'The VSCode edition (vscode, vscode_insiders, vscodium, vscodium_insiders, cursor, windsurf, trae)',
    ),
  ],
  attributes: { userBased: true },
  examples: ['select * from vscode_extensions'],
  generate: (ctx) => genVSCodeExtensions(ctx),
});
