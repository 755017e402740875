import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { parseHeaderBlob } from './rpm-header.js';
import { genRpmPackages, readRpmDatabase } from './rpm_packages.js';

const SPEC = `Name: osprey-hello
Version: 1.2.3
Release: 4
Epoch: 2
Summary: Test package
License: MIT
Group: Applications/System
Vendor: Osprey Tests
BuildArch: noarch
%description
A test package for Osprey's rpm_packages table.
%install
mkdir -p %{buildroot}/opt/osprey-hello
echo hi > %{buildroot}/opt/osprey-hello/hello.txt
%files
/opt/osprey-hello/hello.txt
`;

const QF =
  '%{NAME}|%{VERSION}|%{RELEASE}|%{EPOCH}|%{ARCH}|%{SIZE}|%{SHA1HEADER}|%{INSTALLTIME}|%{VENDOR}|%{GROUP}|%{SOURCERPM}\\n';

describe('rpm_packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-rpm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes header blobs and rejects truncated ones', () => {
    // One INT32 tag (SIZE = 7) and one STRING tag (NAME = "x").
    const blob = Buffer.alloc(8 + 32 + 6);
    blob.writeUInt32BE(2, 0);
    blob.writeUInt32BE(6, 4);
    blob.writeUInt32BE(1009, 8);
    blob.writeUInt32BE(4, 12);
    blob.writeInt32BE(0, 16);
    blob.writeUInt32BE(1, 20);
    blob.writeUInt32BE(1000, 24);
    blob.writeUInt32BE(6, 28);
    blob.writeInt32BE(4, 32);
    blob.writeUInt32BE(1, 36);
    blob.writeUInt32BE(7, 40);
    blob.write('x\0', 44);
    assert.deepEqual(
      [...parseHeaderBlob(blob, new Set([1000, 1009]))],
      [
        [1009, 7],
        [1000, 'x'],
      ],
    );
    assert.throws(() => parseHeaderBlob(blob.subarray(0, 20), new Set([1000])), /claims/);
  });

  it('reads an rpm database built by rpm itself and agrees with rpm -qa', (t) => {
    const hasRpm = spawnSync('rpmbuild', ['--version']).status === 0;
    if (!hasRpm) return t.skip('rpm/rpmbuild are not installed (apt-get install rpm): cross-check skipped');
    mkdirSync(join(dir, 'SPECS'), { recursive: true });
    writeFileSync(join(dir, 'SPECS', 'hello.spec'), SPEC);
    const build = spawnSync('rpmbuild', ['--define', `_topdir ${dir}`, '-bb', join(dir, 'SPECS', 'hello.spec')], {
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
    const db = join(dir, 'db');
    mkdirSync(db);
    spawnSync('rpm', ['--dbpath', db, '--initdb']);
    const install = spawnSync(
      'rpm',
      ['--dbpath', db, '-i', '--nodeps', '--justdb', join(dir, 'RPMS', 'noarch', 'osprey-hello-1.2.3-4.noarch.rpm')],
      { encoding: 'utf8' },
    );
    assert.equal(install.status, 0, install.stderr);
    if (!existsSync(join(db, 'rpmdb.sqlite'))) return t.skip('this rpm does not use the sqlite backend');
    const expected = spawnSync('rpm', ['--dbpath', db, '-qa', '--qf', QF], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    const rows = readRpmDatabase(join(db, 'rpmdb.sqlite'), (reason) => assert.fail(reason));
    assert.deepEqual(
      rows.map((r) =>
        [
          r.name,
          r.version,
          r.release,
          r.epoch ?? '(none)',
          r.arch,
          r.size,
          r.sha1,
          r.install_time,
          r.vendor,
          r.package_group,
          r.source,
        ].join('|'),
      ),
      expected,
    );
  });

  it("returns the host's packages, or none without an rpm database", (t) => {
    const rows = [...genRpmPackages(createQueryContext({ table: 'rpm_packages' }))];
    const q = spawnSync('rpm', ['-qa', '--qf', '%{NAME}\\n'], { encoding: 'utf8' });
    if (q.error) {
      if (!existsSync('/var/lib/rpm/rpmdb.sqlite') && !existsSync('/usr/lib/sysimage/rpm/rpmdb.sqlite'))
        assert.deepEqual(rows, []);
      return t.skip('rpm is not installed: cross-check skipped');
    }
    assert.deepEqual(rows.map((r) => r.name).sort(), q.stdout.split('\n').filter(Boolean).sort());
  });
});
