/** `chrome_extension_content_scripts`: osquery's genChromeExtensionContentScripts, one row per (match, script). */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readExtension } from './chrome-extension.js';
import { chromeProfiles } from './chrome-profiles.js';

export function genChromeExtensionContentScripts(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const profile of chromeProfiles(ctx, root)) {
    for (const snapshot of profile.extensions) {
      const ext = readExtension(profile, snapshot);
      if (ext === null) {
        ctx.errors.skip(`${snapshot.path}: manifest.json does not parse`);
        continue;
      }
      for (const { match, script } of ext.contentScripts) {
        rows.push({
          browser_type: profile.browserType,
          uid: profile.uid,
          identifier: ext.identifier,
          version: ext.properties.get('version') ?? '',
          script,
          match,
          profile_path: profile.path,
          path: ext.path,
          referenced: ext.referenced ? 1 : 0,
        });
      }
    }
  }
  return rows;
}
