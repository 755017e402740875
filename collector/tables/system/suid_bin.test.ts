import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { SUID_SEARCH_PATHS, genSuidBin } from './suid_bin.js';

describe('suid_bin', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-suid-'));
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'elsewhere'));
    for (const [name, mode] of [
      ['both', 0o6755],
      ['sub/setuid', 0o4755],
      ['plain', 0o755],
      ['elsewhere/hidden', 0o4755],
    ] as const) {
      writeFileSync(join(dir, name), '#!/bin/sh\n');
      chmodSync(join(dir, name), mode);
    }
    symlinkSync(join(dir, 'both'), join(dir, 'link-to-both'));
    // A symlinked directory is not descended into.
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'linked-dir'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds setuid and setgid files, following file symlinks but not directory symlinks', () => {
    const rows = genSuidBin(createQueryContext({ table: 'suid_bin' }), [dir]);
    const me = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
    assert.deepEqual(
      rows.map((r) => [String(r.path).slice(dir.length), r.permissions, r.username]),
      [
        ['/both', 'SG', me],
        ['/elsewhere/hidden', 'S', me],
        ['/link-to-both', 'SG', me],
        ['/sub/setuid', 'S', me],
      ],
    );
  });

  it('finds every setuid/setgid regular file find(1) finds on this host', () => {
    const ours = new Set(genSuidBin(createQueryContext({ table: 'suid_bin' })).map((r) => r.path));
    const dirs = SUID_SEARCH_PATHS.filter((d) => d !== '/tmp');
    const found = execFileSync('sh', ['-c', `find ${dirs.join(' ')} -type f -perm /6000 2>/dev/null; true`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
    assert.ok(found.length > 0);
    assert.deepEqual(
      found.filter((p) => !ours.has(p)),
      [],
    );
  });
});
