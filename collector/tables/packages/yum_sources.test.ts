import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genYumSources, parseIni } from './yum_sources.js';

const REPO = `# Rocky repositories
[baseos]
name=Rocky Linux $releasever - BaseOS
mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever
#baseurl=http://dl.rockylinux.org/$contentdir/$releasever/BaseOS/$basearch/os/
gpgcheck=1
enabled=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9
       file:///etc/pki/rpm-gpg/RPM-GPG-KEY-extra

[appstream]
name = AppStream
baseurl = http://dl.example/appstream/
enabled = 0
this line is broken
`;

describe('yum_sources', () => {
  it('parses repo sections, comments and continuation lines', () => {
    const bad: string[] = [];
    const sections = parseIni(REPO, (r) => bad.push(r));
    assert.deepEqual([...sections.keys()], ['baseos', 'appstream']);
    assert.equal(
      sections.get('baseos')?.get('gpgkey'),
      'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9 file:///etc/pki/rpm-gpg/RPM-GPG-KEY-extra',
    );
    assert.equal(sections.get('baseos')?.get('baseurl'), undefined, 'commented options are ignored');
    assert.equal(sections.get('appstream')?.get('baseurl'), 'http://dl.example/appstream/');
    assert.equal(bad.length, 1);
  });

  it('returns no rows on a host without yum configuration', () => {
    const rows = [...genYumSources(createQueryContext({ table: 'yum_sources' }))];
    if (!existsSync('/etc/yum.conf') && !existsSync('/etc/yum.repos.d')) assert.deepEqual(rows, []);
    else assert.ok(rows.every((r) => typeof r.source === 'string'));
  });
});
