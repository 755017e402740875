/** osquery's `firefox_addons` table (spec specs/firefox_addons.table, implementation applications/browser_firefox@genFirefoxAddons). */
import { col, defineTable } from '../../engine/spec.js';
import { genFirefoxAddons } from './firefox_addons.js';

export default defineTable({
  name: 'firefox_addons',
  description: 'Firefox browser extensions, webapps, and addons.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('uid', 'BIGINT', 'The local user that owns the addon', { additional: true, optimized: true }),
    col('name', 'TEXT', 'Addon display name'),
    col('identifier', 'TEXT', 'Addon identifier', { index: true }),
    col('creator', 'TEXT', 'Addon-supported creator string'),
    col('type', 'TEXT', 'Extension, addon, webapp'),
    col('version', 'TEXT', 'Addon-supplied version string', { collate: 'VERSION' }),
    col('description', 'TEXT', 'Addon-supplied description string'),
    col('source_url', 'TEXT', 'URL that installed the addon'),
    col('visible', 'INTEGER', '1 If the addon is shown in browser else 0'),
    col('active', 'INTEGER', '1 If the addon is active else 0'),
    col('disabled', 'INTEGER', '1 If the addon is application-disabled else 0'),
    col('autoupdate', 'INTEGER', '1 If the addon applies background updates else 0'),
    col('location', 'TEXT', 'Global, profile location'),
    col('path', 'TEXT', 'Path to plugin bundle'),
  ],
  attributes: { userBased: true },
  examples: ['SELECT * FROM users CROSS JOIN firefox_addons USING (uid)'],
  generate: (ctx) => genFirefoxAddons(ctx),
});
