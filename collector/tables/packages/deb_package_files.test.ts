import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genDebPackageFiles } from './deb_package_files.js';

const run = (constraints: Constraint[]): Row[] => [
  ...genDebPackageFiles(createQueryContext({ table: 'deb_package_files', constraints })),
];

describe('deb_package_files', () => {
  const admindir = mkdtempSync(join(tmpdir(), 'osprey-dpkg-'));
  after(() => rmSync(admindir, { recursive: true, force: true }));
  mkdirSync(join(admindir, 'info'));
  // Paragraphs and list files in dpkg's own formats (fields as /var/lib/dpkg/status has them).
  writeFileSync(
    join(admindir, 'status'),
    [
      'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\nVersion: 1:1.2.13.dfsg-1\n',
      'Package: adduser\nStatus: install ok installed\nArchitecture: all\nVersion: 3.134\n',
      'Package: removed\nStatus: deinstall ok config-files\nArchitecture: amd64\n',
    ].join('\n'),
  );
  writeFileSync(join(admindir, 'info', 'zlib1g:amd64.list'), '/.\n/usr\n/usr/lib/x86_64-linux-gnu/libz.so.1\n');
  writeFileSync(join(admindir, 'info', 'adduser.list'), '/.\n/etc\n/etc/adduser.conf\n/usr/sbin/adduser\n');
  writeFileSync(join(admindir, 'info', 'removed.list'), '/etc/removed.conf\n');

  it('lists the files of each installed package, from <pkg>:<arch>.list for Multi-Arch: same', () => {
    assert.deepEqual(
      run([{ column: 'admindir', op: '=', value: admindir }]).map((r) => [r.package, r.path, r.admindir]),
      [
        ['zlib1g', '/.', admindir],
        ['zlib1g', '/usr', admindir],
        ['zlib1g', '/usr/lib/x86_64-linux-gnu/libz.so.1', admindir],
        ['adduser', '/.', admindir],
        ['adduser', '/etc', admindir],
        ['adduser', '/etc/adduser.conf', admindir],
        ['adduser', '/usr/sbin/adduser', admindir],
      ],
    );
  });

  it('reads only the packages a package constraint names', () => {
    const rows = run([
      { column: 'admindir', op: '=', value: admindir },
      { column: 'package', op: '=', value: 'adduser' },
    ]);
    assert.deepEqual([...new Set(rows.map((r) => r.package))], ['adduser']);
  });

  it('agrees with dpkg-query -L on this host', (t) => {
    const probe = spawnSync('dpkg-query', ['-W', '-f', '${Package}\\n', 'adduser', 'libc6'], { encoding: 'utf8' });
    if (probe.status !== 0) return t.skip('dpkg-query or the packages are not available');
    for (const pkg of probe.stdout.trim().split('\n')) {
      const expected = spawnSync('dpkg-query', ['-L', pkg], { encoding: 'utf8' }).stdout.trim().split('\n');
      const ours = run([{ column: 'package', op: '=', value: pkg }]).map((r) => r.path);
      assert.deepEqual([...ours].sort(), [...expected].sort(), pkg);
    }
  });
});
