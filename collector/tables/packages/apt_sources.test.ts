import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genAptSources, parseDeb822Sources, parseSourcesList, releaseFields } from './apt_sources.js';

describe('apt_sources', () => {
  it('parses one-line sources with options, skipping deb-src and comments', () => {
    const sources = parseSourcesList(
      [
        'deb [arch=amd64 signed-by=/k.gpg] https://download.docker.com/linux/debian/ bookworm stable',
        '# deb http://commented.example/debian bookworm main',
        'deb-src http://deb.debian.org/debian bookworm main',
        'deb http://repo.example/flat ./',
      ].join('\n'),
    );
    assert.deepEqual(sources, [
      {
        baseUri: 'https://download.docker.com/linux/debian',
        name: 'download.docker.com/linux/debian bookworm',
        cachePrefix: 'download.docker.com_linux_debian_dists_bookworm',
      },
      { baseUri: 'http://repo.example/flat', name: 'repo.example/flat ./', cachePrefix: 'repo.example_flat_.' },
    ]);
  });

  it('expands deb822 stanzas into URI x suite and honours Enabled: no', () => {
    const sources = parseDeb822Sources(
      [
        'Types: deb deb-src',
        'URIs: http://deb.debian.org/debian',
        'Suites: bookworm bookworm-updates',
        'Components: main',
        '',
        'Types: deb',
        'URIs: http://off.example/debian',
        'Suites: bookworm',
        'Enabled: no',
        '',
        'Types: deb-src',
        'URIs: http://src.example/debian',
        'Suites: bookworm',
      ].join('\n'),
    );
    assert.deepEqual(
      sources.map((s) => s.name),
      ['deb.debian.org/debian bookworm', 'deb.debian.org/debian bookworm-updates'],
    );
  });

  it('reads the Release header fields up to the signature', () => {
    const row = releaseFields(
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Debian\nCodename: bookworm\n' +
        'Version: 12.12\nDate: Sat, 08 Nov 2025 10:18:26 UTC\nArchitectures: all amd64\nComponents: main contrib\n' +
        '-----BEGIN PGP SIGNATURE-----\nCodename: not-this\n',
    );
    assert.deepEqual(row, {
      maintainer: 'Debian',
      release: 'bookworm',
      version: '12.12',
      architectures: 'all amd64',
      components: 'main contrib',
    });
  });

  it('reports each configured deb source that has a Release file on this machine', () => {
    const rows = [...genAptSources(createQueryContext({ table: 'apt_sources' }))];
    for (const row of rows) {
      assert.match(String(row.source), /^\/etc\/apt\/sources\.list/);
      const prefix = String(row.name).replace(' ', '_dists_').replaceAll('/', '_');
      const release = ['InRelease', 'Release']
        .map((n) => `/var/lib/apt/lists/${prefix}_${n}`)
        .map((p) => {
          try {
            return readFileSync(p, 'utf8');
          } catch {
            return '';
          }
        })
        .find((t) => t !== '');
      assert.ok(release, `${row.name} has a Release file`);
      assert.match(release, new RegExp(`^Codename: ${String(row.release)}$`, 'm'));
    }
  });
});
