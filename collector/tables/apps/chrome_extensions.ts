/** `chrome_extensions`: osquery's genChromeExtensions, one row per extension of each Chromium-family profile. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readExtension, webkitToUnix } from './chrome-extension.js';
import { chromeProfiles } from './chrome-profiles.js';

export function genChromeExtensions(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const profile of chromeProfiles(ctx, root)) {
    for (const snapshot of profile.extensions) {
      const ext = readExtension(profile, snapshot);
      if (ext === null) {
        ctx.errors.skip(`${snapshot.path}: manifest.json does not parse`);
        continue;
      }
      const prop = (name: string, fallback = ''): string => ext.properties.get(name) ?? fallback;
      const setting = (name: string): string => ext.settings.get(name) ?? '';
      rows.push({
        browser_type: profile.browserType,
        uid: profile.uid,
        name: prop('name'),
        profile: profile.name,
        profile_path: profile.path,
        referenced_identifier: setting('referenced_identifier'),
        identifier: ext.identifier,
        version: prop('version'),
        description: prop('description'),
        default_locale: prop('default_locale'),
        current_locale: prop('current_locale'),
        update_url: prop('update_url'),
        author: prop('author'),
        persistent: prop('persistent').toLowerCase() === 'true' ? 1 : 0,
        path: ext.path,
        permissions: prop('permissions'),
        permissions_json: prop('permissions_json', '{}'),
        optional_permissions: prop('optional_permissions'),
        optional_permissions_json: prop('optional_permissions_json', '{}'),
        manifest_hash: ext.manifestHash,
        referenced: ext.referenced ? 1 : 0,
        from_webstore: setting('from_webstore'),
        state: setting('state'),
        install_time: setting('install_time'),
        install_timestamp: webkitToUnix(setting('install_time')),
        manifest_json: ext.manifestJson,
        key: prop('key'),
        locale: prop('default_locale'),
      });
    }
  }
  return rows;
}
