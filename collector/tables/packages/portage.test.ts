/**
 * The portage tables on a fixture Gentoo root (fixtures/portage, see fixtures/PROVENANCE.md): this machine is not
 * Gentoo, so the tables themselves return no rows here, which the last test checks through the engine.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { Engine } from '../../engine/engine.js';
import { portageKeywords, portagePackages, portageUse, splitPackageVersion } from './portage.js';

const ROOT = fromRoot('collector/tables/packages/fixtures/portage');

describe('portage tables', () => {
  it('splits atoms into package and version as osquery', () => {
    assert.deepEqual(splitPackageVersion('>=dev-lang/python-3.11.8-r2'), {
      package: 'dev-lang/python',
      version: '>=3.11.8-r2',
    });
    assert.deepEqual(splitPackageVersion('=dev-lang/python-3.13.1'), { package: 'dev-lang/python', version: '3.13.1' });
    assert.deepEqual(splitPackageVersion('<=app-misc/foo-1.0'), { package: 'app-misc/foo', version: '<=1.0' });
    assert.deepEqual(splitPackageVersion('sys-apps/portage-3.0.63-r1'), {
      package: 'sys-apps/portage',
      version: '3.0.63-r1',
    });
    assert.deepEqual(splitPackageVersion('app-editors/neovim'), { package: 'app-editors/neovim', version: '' });
    assert.deepEqual(splitPackageVersion('dev-util/foo-bar/'), { package: 'dev-util/foo-bar', version: '' });
  });

  it('portage_packages: every package directory, its files, and whether world names it', () => {
    assert.deepEqual(portagePackages(ROOT), [
      {
        package: 'app-editors/vim',
        version: '9.1.0794',
        slot: '0',
        build_time: 1730000000,
        repository: 'gentoo',
        eapi: 8,
        size: 38871040,
        world: 1,
      },
      {
        package: 'dev-lang/python',
        version: '3.12.8_p1',
        slot: '3.12',
        build_time: 1734000000,
        repository: 'gentoo',
        eapi: 8,
        size: 98412544,
        world: 1,
      },
      {
        package: 'sys-apps/portage',
        version: '3.0.63-r1',
        slot: '0',
        build_time: 1721650000,
        repository: 'gentoo',
        eapi: 8,
        size: 13697024,
        world: 1,
      },
    ]);
  });

  it('portage_use: one row per flag of each package (none for an empty USE file)', () => {
    const rows = portageUse(ROOT);
    assert.deepEqual(
      rows.filter((r) => r.package === 'dev-lang/python').map((r) => r.use),
      ['abi_x86_64', 'amd64', 'ensurepip', 'ncurses', 'readline', 'sqlite', 'ssl'],
    );
    assert.equal(rows.filter((r) => r.package === 'app-editors/vim').length, 0);
    assert.deepEqual(
      rows.find((r) => r.package === 'sys-apps/portage'),
      { package: 'sys-apps/portage', version: '3.0.63-r1', use: 'abi_x86_64' },
    );
    assert.equal(rows.length, 15);
  });

  it('portage_keywords: keywords, masks (from a directory) and unmasks per atom as written', () => {
    assert.deepEqual(portageKeywords(ROOT), [
      { package: 'dev-lang/python', version: '3.13.1', keyword: '~amd64', mask: 1, unmask: 0 },
      { package: 'app-editors/neovim', version: '', keyword: '~amd64', mask: 0, unmask: 1 },
      { package: 'sys-kernel/gentoo-sources', version: '>=6.12.4', keyword: '~amd64', mask: 0, unmask: 0 },
      { package: 'dev-lang/python', version: '>=3.14', keyword: '', mask: 1, unmask: 0 },
    ]);
  });

  describe('on this machine', () => {
    let engine: Engine;
    before(async () => {
      engine = await Engine.create();
    });
    after(() => engine.close());

    it('returns what the real /var/db/pkg and /etc/portage hold (nothing off Gentoo)', () => {
      const gentoo = existsSync('/var/db/pkg') && existsSync('/var/lib/portage/world');
      const packages = engine.queryRows('SELECT * FROM portage_packages');
      assert.deepEqual(packages, gentoo ? portagePackages('/') : []);
      assert.deepEqual(engine.queryRows('SELECT * FROM portage_keywords'), portageKeywords('/'));
    });
  });
});
