import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genPythonPackages, parseMetadata } from './python_packages.js';

function run(constraints: Constraint[] = []): Row[] {
  return [...genPythonPackages(createQueryContext({ table: 'python_packages', constraints }))];
}

describe('python_packages', () => {
  const site = mkdtempSync(join(tmpdir(), 'osprey-site-'));
  after(() => rmSync(site, { recursive: true, force: true }));

  it('reads dist-info METADATA, egg-info directories and egg-info files in a directory', () => {
    mkdirSync(join(site, 'requests-2.31.0.dist-info'));
    writeFileSync(
      join(site, 'requests-2.31.0.dist-info', 'METADATA'),
      'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nSummary: Python HTTP for Humans.\nAuthor: Kenneth Reitz\n' +
        'License: Apache 2.0\n\nName: not-a-header\n',
    );
    mkdirSync(join(site, 'six-1.16.0.egg-info'));
    writeFileSync(
      join(site, 'six-1.16.0.egg-info', 'PKG-INFO'),
      'Name: six\nVersion: 1.16.0\nSummary: compat: py2 and py3\n',
    );
    writeFileSync(join(site, 'distro-1.8.0.egg-info'), 'Name: distro\nVersion: 1.8.0\n');
    writeFileSync(join(site, 'notes.txt'), 'Name: nope\n');
    const rows = run([{ column: 'directory', op: '=', value: site }]);
    assert.deepEqual(
      rows.map((r) => [r.name, r.version]),
      [
        ['distro', '1.8.0'],
        ['requests', '2.31.0'],
        ['six', '1.16.0'],
      ],
    );
    const requests = rows.find((r) => r.name === 'requests');
    assert.deepEqual(
      [requests?.author, requests?.license, requests?.directory, requests?.uid],
      ['Kenneth Reitz', 'Apache 2.0', site, 0],
    );
    assert.equal(requests?.path, join(site, 'requests-2.31.0.dist-info'));
    assert.equal(rows.find((r) => r.name === 'six')?.summary, 'compat: py2 and py3');
  });

  it('stops at the description body', () => {
    assert.deepEqual(parseMetadata('Name: a\n\nVersion: 9\n'), { name: 'a' });
  });

  it('agrees with importlib.metadata on /usr/lib/python3/dist-packages', (t) => {
    const dir = '/usr/lib/python3/dist-packages';
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, importlib.metadata as m\n' +
          'for d in m.distributions(path=[sys.argv[1]]): print(d.metadata["Name"], d.version)',
        dir,
      ],
      { encoding: 'utf8' },
    );
    if (py.error || py.status !== 0) return t.skip('python3 is not available: cross-check skipped');
    const expected = py.stdout.trim().split('\n').filter(Boolean).sort();
    const rows = run([{ column: 'directory', op: '=', value: dir }]);
    assert.deepEqual(rows.map((r) => `${r.name} ${r.version}`).sort(), expected);
  });
});
