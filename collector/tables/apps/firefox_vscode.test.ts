import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { genFirefoxAddons } from './firefox_addons.js';
import { appsContext, makeFixtureRoot, type FixtureRoot } from './testing.js';
import { genVSCodeExtensions } from './vscode_extensions.js';

const PROFILES_INI = 'home/alice/.mozilla/firefox/profiles.ini';

describe('firefox_addons', () => {
  let fx: FixtureRoot;
  before(() => {
    fx = makeFixtureRoot([PROFILES_INI]);
  });
  after(() => fx.cleanup());

  it("lists each add-on of every profile folder and of the profiles.ini profiles, with osquery's values", () => {
    const rows = genFirefoxAddons(appsContext('firefox_addons'), fx.root);
    assert.deepEqual(
      rows.sort((a, b) => String(a.identifier).localeCompare(String(b.identifier))),
      [
        {
          uid: 1000,
          name: 'Form Autofill',
          identifier: 'formautofill@mozilla.org',
          type: 'extension',
          version: '1.0.1',
          creator: 'null',
          description: 'null',
          source_url: 'null',
          visible: 0,
          active: 1,
          autoupdate: 1,
          location: 'app-system-defaults',
          path: '/usr/lib/firefox/browser/features/formautofill@mozilla.org.xpi',
          disabled: 0,
        },
        {
          uid: 1000,
          name: 'Night Theme',
          identifier: 'theme@example.org',
          type: 'theme',
          version: '2.1',
          creator: 'Example',
          description: 'Dark',
          source_url: 'https://addons.mozilla.org/t.xpi',
          visible: 1,
          active: 0,
          autoupdate: 0,
          location: 'app-profile',
          path: '/home/alice/.mozilla/firefox/k3x9q2wd.default-release/extensions/theme@example.org.xpi',
          disabled: 1,
        },
        {
          uid: 1000,
          name: 'uBlock Origin',
          identifier: 'uBlock0@raymondhill.net',
          type: 'extension',
          version: '1.54.0',
          creator: 'Raymond Hill & contributors',
          description: 'Finally, an efficient blocker. Easy on CPU and memory.',
          source_url: 'https://addons.mozilla.org/firefox/downloads/file/4198829/ublock_origin-1.54.0.xpi',
          visible: 1,
          active: 1,
          autoupdate: 1,
          location: 'app-profile',
          path: '/home/alice/.mozilla/firefox/k3x9q2wd.default-release/extensions/uBlock0@raymondhill.net.xpi',
          disabled: 0,
        },
        {
          uid: 1000,
          name: 'Work Helper',
          identifier: 'work@example.com',
          type: 'extension',
          version: '0.9',
          creator: '',
          description: '',
          source_url: 'file:///x.xpi',
          visible: 1,
          active: 1,
          autoupdate: 1,
          location: 'app-profile',
          path: '/x.xpi',
          disabled: 0,
        },
      ],
    );
  });

  it('reads only the users a uid constraint names', () => {
    assert.deepEqual(
      genFirefoxAddons(appsContext('firefox_addons', [{ column: 'uid', op: '=', value: 1001 }]), fx.root),
      [],
    );
  });
});

describe('vscode_extensions', () => {
  let fx: FixtureRoot;
  before(() => {
    fx = makeFixtureRoot();
  });
  after(() => fx.cleanup());

  it('reads extensions.json entries with identifier, metadata and location, and package.json folders without it', () => {
    const rows = genVSCodeExtensions(appsContext('vscode_extensions'), fx.root);
    assert.deepEqual(rows, [
      {
        name: 'ms-python.python',
        uuid: 'f1f59ae4-9318-4f3c-a9b5-81b2eaa5f8a5',
        version: '2023.22.1',
        path: '/home/alice/.vscode/extensions/ms-python.python-2023.22.1',
        publisher: 'Microsoft',
        publisher_id: '998b010b-e2af-44a5-a6cd-0b5fd3b9b6f8',
        installed_at: 1702465836123,
        prerelease: 0,
        uid: 1000,
        vscode_edition: 'vscode',
      },
      {
        name: 'local.tool',
        uuid: undefined,
        version: '0.0.1',
        path: '/home/alice/.vscode/extensions/local.tool-0.0.1',
        publisher: undefined,
        publisher_id: undefined,
        installed_at: undefined,
        prerelease: 1,
        uid: 1000,
        vscode_edition: 'vscode',
      },
      {
        name: 'golang.go',
        version: '0.40.0',
        path: `${fx.root}/home/bob/.vscode-server/extensions/golang.go-0.40.0`,
        publisher: 'golang',
        uid: 1001,
        vscode_edition: 'vscode',
      },
    ]);
  });
});
