/** osquery's `chrome_extension_content_scripts` table (spec specs/chrome_extension_content_scripts.table, implementation applications/browser_chrome@genChromeExtensionContentScripts). */
import { col, defineTable } from '../../engine/spec.js';
import { genChromeExtensionContentScripts } from './chrome_extension_content_scripts.js';

export default defineTable({
  name: 'chrome_extension_content_scripts',
  description: 'Chrome browser extension content scripts.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('browser_type', 'TEXT', 'The browser type (Valid values: chrome, chromium, opera, yandex, brave)'),
    col('uid', 'BIGINT', 'The local user that owns the extension', { index: true, optimized: true }),
    col('identifier', 'TEXT', 'Extension identifier'),
    col('version', 'TEXT', 'Extension-supplied version', { collate: 'VERSION' }),
    col('script', 'TEXT', 'The content script used by the extension'),
    col('match', 'TEXT', 'The pattern that the script is matched against'),
    col('profile_path', 'TEXT', 'The profile path'),
    col('path', 'TEXT', 'Path to extension folder'),
    col('referenced', 'BIGINT', '1 if this extension is referenced by the Preferences file of the profile'),
  ],
  attributes: { userBased: true },
  examples: [
    'SELECT chrome_extension_content_scripts.* FROM users JOIN chrome_extension_content_scripts USING (uid) GROUP BY identifier, match',
  ],
  generate: (ctx) => genChromeExtensionContentScripts(ctx),
});
