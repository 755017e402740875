import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { Engine } from '../../engine/engine.js';
import { genDebPackages, parseDpkgStatus } from './deb_packages.js';

const STATUS = `Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime
 zlib is a library implementing the deflate compression method.

Package: gone
Status: purge ok not-installed
Architecture: amd64

Package: adduser
Status: install ok installed
Installed-Size: 849
Architecture: all
Version: 3.134
`;

function run(constraints: Constraint[] = []): Row[] {
  return [...genDebPackages(createQueryContext({ table: 'deb_packages', constraints }))];
}

describe('deb_packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-dpkg-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses status paragraphs, drops not-installed packages and sorts by name', () => {
    const rows = parseDpkgStatus(STATUS, () => assert.fail('no bad lines'));
    assert.deepEqual(
      rows.map((r) => r.name),
      ['adduser', 'zlib1g'],
    );
    assert.deepEqual(rows[1], {
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      source: 'zlib',
      size: 168,
      arch: 'amd64',
      revision: '1',
      status: 'install ok installed',
      maintainer: 'Mark Brown <broonie@debian.org>',
      section: 'libs',
      priority: 'optional',
    });
    assert.equal(rows[0]?.revision, '', 'a native version has no revision');
    assert.equal(rows[0]?.priority, 'unknown');
  });

  it('reads another database through the admindir constraint', () => {
    writeFileSync(join(dir, 'status'), STATUS);
    const rows = run([{ column: 'admindir', op: '=', value: dir }]);
    assert.deepEqual(
      rows.map((r) => [r.name, r.admindir]),
      [
        ['adduser', dir],
        ['zlib1g', dir],
      ],
    );
  });

  it('receives the admindir constraint through SQL', async () => {
    writeFileSync(join(dir, 'status'), STATUS);
    const engine = await Engine.create();
    try {
      const rows = engine.queryRows(`SELECT name, size FROM deb_packages WHERE admindir = '${dir}' ORDER BY name`);
      assert.deepEqual(rows, [
        { name: 'adduser', size: 849 },
        { name: 'zlib1g', size: 168 },
      ]);
    } finally {
      engine.close();
    }
  });

  it('returns no rows for an admindir without a status file', () => {
    assert.deepEqual(run([{ column: 'admindir', op: '=', value: join(dir, 'missing') }]), []);
  });

  it('agrees with dpkg-query -W on this machine', (t) => {
    const q = spawnSync(
      'dpkg-query',
      ['-W', '-f', '${Package}\\t${Version}\\t${Architecture}\\t${Installed-Size}\\t${Status}\\n'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (q.error) return t.skip('dpkg-query is not installed: cross-check skipped');
    const expected = q.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((f) => f[4] !== undefined && !f[4].endsWith('not-installed'))
      .map((f) => `${f[0]} ${f[1]} ${f[2]} ${f[3]} ${f[4]}`)
      .sort();
    const rows = run();
    assert.ok(rows.length > 10);
    assert.deepEqual(rows.map((r) => `${r.name} ${r.version} ${r.arch} ${r.size ?? ''} ${r.status}`).sort(), expected);
  });
});
