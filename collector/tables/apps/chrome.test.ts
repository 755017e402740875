import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { extensionIdentifier, webkitToUnix } from './chrome-extension.js';
import { genChromeExtensionContentScripts } from './chrome_extension_content_scripts.js';
import { genChromeExtensions } from './chrome_extensions.js';
import { parsePTree, writePTreeJson } from './ptree-json.js';
import { appsContext, makeFixtureRoot, type FixtureRoot } from './testing.js';

const CHROME_SECURE_PREFS = 'home/alice/.config/google-chrome/Default/Secure Preferences';
// The RSA key in the Page Notes fixture manifest; its id computed with
// `openssl dgst -sha256 -binary key.der | xxd -p -c 64 | cut -c1-32 | tr 0-9a-f a-p` (see fixtures/PROVENANCE.md).
const PAGE_NOTES_ID = 'ighlpineelbikfcipifgndiakepllgee';

const pick = (row: Row | undefined, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row?.[k]]));

describe('chrome_extensions', () => {
  let fx: FixtureRoot;
  let rows: Row[];
  before(() => {
    fx = makeFixtureRoot([CHROME_SECURE_PREFS]);
    rows = genChromeExtensions(appsContext('chrome_extensions'), fx.root);
  });
  after(() => fx.cleanup());
  const byName = (name: string) => rows.find((r) => r.name === name);

  it('finds every extension of the Chrome and Opera profiles, and skips a folder without both preference files', () => {
    const chrome = `${fx.root}/home/alice/.config/google-chrome/Default`;
    assert.deepEqual(
      rows.map((r) => [r.browser_type, r.uid, r.profile, r.profile_path, r.name, r.referenced]).sort(),
      [
        ['chrome', 1000, 'Person 1', chrome, 'Tab Counter', 0],
        ['chrome', 1000, 'Person 1', chrome, 'Unpacked Dev Tool', 1],
        ['chrome', 1000, 'Person 1', chrome, 'Page Notes', 1],
        ['opera', 1000, '', `${fx.root}/home/alice/.config/opera`, 'Opera Ad Blocker', 1],
      ].sort(),
      'rows',
    );
  });

  it('localizes __MSG_ values from the default locale, and copies manifest and preferences fields as osquery', () => {
    const path = `${fx.root}/home/alice/.config/google-chrome/Default/Extensions/${PAGE_NOTES_ID}/1.2.0_0`;
    assert.deepEqual(
      pick(byName('Page Notes'), [
        'description',
        'default_locale',
        'current_locale',
        'identifier',
        'referenced_identifier',
        'version',
        'update_url',
        'author',
        'persistent',
        'path',
        'permissions',
        'permissions_json',
        'optional_permissions',
        'optional_permissions_json',
        'manifest_hash',
        'from_webstore',
        'state',
        'install_time',
        'install_timestamp',
      ]),
      {
        description: 'Keeps notes / per page.',
        default_locale: 'en',
        current_locale: 'en_GB',
        identifier: PAGE_NOTES_ID,
        referenced_identifier: PAGE_NOTES_ID,
        version: '1.2.0',
        update_url: 'https://clients2.google.com/service/update2/crx',
        author: '',
        persistent: 0,
        path,
        permissions: 'storage, tabs, https://*/*',
        permissions_json: '{"":"storage","":"tabs","":"https:\\/\\/*\\/*"}\n',
        optional_permissions: 'downloads',
        optional_permissions_json: '{"":"downloads"}\n',
        // sha256sum of the fixture manifest.json
        manifest_hash: '970adcc3f5d26e452ab59ba576a99ea48a98e60b7820664d157dd1afb3469433',
        from_webstore: 'true',
        state: '1',
        install_time: '13312345678901234',
        install_timestamp: 13312345678 - 11644473600,
      },
    );
  });

  it('reads an unreferenced extension without preferences settings and an unpacked one from Secure Preferences', () => {
    assert.deepEqual(
      pick(byName('Tab Counter'), [
        'identifier',
        'referenced_identifier',
        'author',
        'permissions',
        'permissions_json',
        'state',
        'install_timestamp',
      ]),
      {
        identifier: '',
        referenced_identifier: '',
        author: '',
        permissions: '',
        permissions_json: '{}\n',
        state: '',
        install_timestamp: 0,
      },
    );
    assert.deepEqual(
      pick(byName('Unpacked Dev Tool'), ['path', 'referenced_identifier', 'from_webstore', 'state', 'manifest_hash']),
      {
        path: `${fx.root}/home/alice/dev/unpacked-ext`,
        referenced_identifier: 'kmendfapggjehodndflmmgagdbamhnfd',
        from_webstore: 'false',
        state: '0',
        manifest_hash: '7d4ee8e8c096d431054d7a8fedfed1360fb16761086ec91446bd29d329980994',
      },
    );
    assert.deepEqual(
      pick(byName('Opera Ad Blocker'), ['persistent', 'install_time', 'install_timestamp', 'referenced_identifier']),
      {
        persistent: 1,
        install_time: 'x',
        install_timestamp: 0,
        referenced_identifier: 'opqrstuvwxyzabcdefghijklmnopabcd',
      },
    );
  });

  it('re-serialises the manifest as Boost writes it (all leaves as strings, empty arrays as "")', () => {
    assert.equal(
      byName('Tab Counter')?.manifest_json,
      '{"manifest_version":"3","name":"Tab Counter","version":"0.1","author":{"email":"dev@example.net"},' +
        '"background":{"service_worker":"sw.js"},"host_permissions":["<all_urls>"],"permissions":""}\n',
    );
  });

  it('reads only the users a uid constraint names', () => {
    assert.deepEqual(
      genChromeExtensions(appsContext('chrome_extensions', [{ column: 'uid', op: '=', value: 1001 }]), fx.root),
      [],
    );
  });
});

describe('chrome_extension_content_scripts', () => {
  let fx: FixtureRoot;
  before(() => {
    fx = makeFixtureRoot([CHROME_SECURE_PREFS]);
  });
  after(() => fx.cleanup());

  it('has one row per match and script of each content_scripts entry with both', () => {
    const rows = genChromeExtensionContentScripts(appsContext('chrome_extension_content_scripts'), fx.root);
    assert.deepEqual(
      rows.map((r) => [r.browser_type, r.identifier, r.version, r.match, r.script, r.referenced]).sort(),
      [
        ['chrome', '', '2.0.1', 'http://localhost/*', 'dev.js', 1],
        ['chrome', PAGE_NOTES_ID, '1.2.0', 'https://*.example.com/*', 'content/inject.js', 1],
        ['chrome', PAGE_NOTES_ID, '1.2.0', 'https://*.example.com/*', 'content/page.js', 1],
        ['chrome', PAGE_NOTES_ID, '1.2.0', 'https://example.org/*', 'content/inject.js', 1],
        ['chrome', PAGE_NOTES_ID, '1.2.0', 'https://example.org/*', 'content/page.js', 1],
      ],
    );
  });
});

describe('chrome helpers', () => {
  it('maps WebKit microseconds to Unix seconds, 0 before 1970 or for non-numbers', () => {
    assert.equal(webkitToUnix('11644473600000000'), 0);
    assert.equal(webkitToUnix('11644473601000000'), 1);
    assert.equal(webkitToUnix('1'), 0);
    assert.equal(webkitToUnix(''), 0);
  });

  it('has no identifier without a key', () => {
    assert.equal(extensionIdentifier(undefined), '');
    assert.equal(extensionIdentifier(''), '');
  });

  it('writes a nested array and escapes as Boost', () => {
    assert.equal(
      writePTreeJson(parsePTree('{"a":[[1,true],{}],"b":"x\\"\\n/"}') ?? { data: '', children: [] }),
      '{"a":[["1","true"],""],"b":"x\\"\\n\\/"}\n',
    );
  });
});
