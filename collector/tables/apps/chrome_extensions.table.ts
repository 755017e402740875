/** osquery's `chrome_extensions` table (spec specs/chrome_extensions.table, implementation applications/browser_chrome@genChromeExtensions). */
import { col, defineTable } from '../../engine/spec.js';
import { genChromeExtensions } from './chrome_extensions.js';

export default defineTable({
  name: 'chrome_extensions',
  description: 'Chrome-based browser extensions.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col(
      'browser_type',
      'TEXT',
      'The browser type (Valid values: chrome, chrome_beta, chrome_dev, chrome_canary, chromium, opera, yandex, brave, brave_beta, brave_nightly, edge, edge_beta, edge_dev, edge_canary, vivaldi, arc, dia, comet)',
    ),
    col('uid', 'BIGINT', 'The local user that owns the extension', { index: true, optimized: true }),
    col('name', 'TEXT', 'Extension display name'),
    col('profile', 'TEXT', 'The name of the Chrome profile that contains this extension'),
    col('profile_path', 'TEXT', 'The profile path'),
    col(
      'referenced_identifier',
      'TEXT',
      'Extension identifier, as specified by the preferences file. Empty if the extension is not in the profile.',
    ),
    col('identifier', 'TEXT', 'Extension identifier, computed from its manifest. Empty in case of error.'),
    col('version', 'TEXT', 'Extension-supplied version', { collate: 'VERSION' }),
    col('description', 'TEXT', 'Extension-optional description'),
    col('default_locale', 'TEXT', 'Default locale supported by extension', { aliases: ['locale'] }),
    col('current_locale', 'TEXT', 'Current locale supported by extension'),
    col('update_url', 'TEXT', 'Extension-supplied update URI'),
    col('author', 'TEXT', 'Optional extension author'),
    col('persistent', 'INTEGER', '1 If extension is persistent across all tabs else 0'),
    col('path', 'TEXT', 'Path to extension folder'),
    col('permissions', 'TEXT', 'The permissions required by the extension'),
    col('permissions_json', 'TEXT', 'The JSON-encoded permissions required by the extension', { hidden: true }),
    col('optional_permissions', 'TEXT', 'The permissions optionally required by the extensions'),
    col('optional_permissions_json', 'TEXT', 'The JSON-encoded permissions optionally required by the extensions', {
      hidden: true,
    }),
    col('manifest_hash', 'TEXT', 'The SHA256 hash of the manifest.json file', { collate: 'NOCASE' }),
    col('referenced', 'BIGINT', '1 if this extension is referenced by the Preferences file of the profile'),
    col('from_webstore', 'TEXT', 'True if this extension was installed from the web store'),
    col('state', 'TEXT', '1 if this extension is enabled'),
    col('install_time', 'TEXT', 'Extension install time, in its original Webkit format'),
    col('install_timestamp', 'BIGINT', 'Extension install time, converted to unix time'),
    col('manifest_json', 'TEXT', 'The manifest file of the extension', { hidden: true }),
    col('key', 'TEXT', 'The extension key, from the manifest file', { hidden: true }),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join chrome_extensions using (uid)'],
  generate: (ctx) => genChromeExtensions(ctx),
});
