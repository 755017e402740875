import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { applyOsRelease, genOsVersion } from './os_version.js';

function sourced(key: string): string {
  return execFileSync('sh', ['-c', `. /etc/os-release && printf %s "` + '$' + `${key}"`], { encoding: 'utf8' });
}

describe('os_version', () => {
  it('matches /etc/os-release as the shell reads it', () => {
    const [row] = genOsVersion(createQueryContext({ table: 'os_version' }));
    assert.equal(row?.name, sourced('NAME'));
    assert.equal(row?.version, sourced('VERSION'));
    assert.equal(row?.platform, sourced('ID'));
    assert.equal(row?.codename, sourced('VERSION_CODENAME'));
    assert.equal(row?.major, Number(sourced('VERSION_ID').split('.')[0]));
    assert.equal(row?.arch, execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
  });

  it('reads another process mount namespace and names it', () => {
    const ctx = createQueryContext({
      table: 'os_version',
      constraints: [{ column: 'pid_with_namespace', op: '=', value: process.pid }],
    });
    const [row] = genOsVersion(ctx);
    assert.equal(row?.pid_with_namespace, process.pid);
    assert.equal(row?.name, sourced('NAME'));
    assert.match(String(row?.mount_namespace_id), /^\d+$/);
  });

  it('splits VERSION_ID and maps distribution codename keys as osquery does', () => {
    const row: Row = {};
    applyOsRelease(
      row,
      'NAME="Ubuntu"\nVERSION_ID="22.04.3"\nID_LIKE=debian\nUBUNTU_CODENAME=jammy\nBUILD_ID=rolling\n',
    );
    assert.deepEqual(row, {
      name: 'Ubuntu',
      major: 22,
      minor: 4,
      patch: 3,
      platform_like: 'debian',
      codename: 'jammy',
      build: 'rolling',
    });
  });
});
