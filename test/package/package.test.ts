/**
 * Builds the Debian package with the README's command (`npm run package`, in a scratch copy of the tree because it
 * rebuilds dist/), unpacks it into a scratch root as dpkg would lay it out, and checks what an operator
 * relies on: the file layout and modes, the conffiles, maintainer scripts that start nothing without a config,
 * unit files systemd accepts, and that the installed `osprey shell` answers SQL.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copySourceTree } from '../helpers/scratch-tree.js';
import { hasCommand } from '../helpers/system-tools.js';
import { specFiles } from '../../collector/engine/discovery.js';
import { SpecCache } from '../../collector/engine/spec-cache.js';

const work = mkdtempSync(join(tmpdir(), 'osprey-deb-'));
const rootfs = join(work, 'root');
const tree = copySourceTree();
let deb = '';

before(() => {
  const out = execFileSync('npm', ['run', 'package'], {
    cwd: tree.root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // npm prints the script headers first; the package's path is the script's last line.
  deb = out.trim().split('\n').pop() ?? '';
  assert.ok(deb.startsWith(join(tree.root, 'dist')), `npm run package writes into dist/: ${out}`);
  execFileSync('dpkg-deb', ['-x', deb, rootfs]);
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  tree.remove();
});

const mode = (path: string): number => statSync(join(rootfs, path)).mode & 0o7777;

test('lays files out like osquery’s package, with private state and log directories', () => {
  assert.match(deb, /osprey_\d+\.\d+\.\d+_[a-z0-9]+\.deb$/);
  for (const path of [
    'usr/lib/osprey/dist/cli/osprey.js',
    'usr/lib/osprey/collector/flags/osquery-flags.json',
    'usr/lib/osprey/node_modules/better-sqlite3/package.json',
    'etc/osprey/osprey.example.conf',
    'etc/osprey/osprey.example.flags',
    'usr/share/osprey/packs/host-inventory.conf',
    'lib/systemd/system/osprey-daemon.service',
    'lib/systemd/system/osprey-enricher.service',
  ]) {
    assert.ok(existsSync(join(rootfs, path)), `${path} is installed`);
  }
  assert.equal(mode('var/lib/osprey'), 0o700);
  assert.equal(mode('var/log/osprey'), 0o700);
  assert.equal(mode('usr/bin/osprey'), 0o755);
  assert.equal(mode('usr/bin/ospreyi'), 0o755);
  assert.ok(!existsSync(join(rootfs, 'usr/lib/osprey/node_modules/typescript')), 'dev dependencies are not shipped');
  assert.ok(!existsSync(join(rootfs, 'usr/lib/osprey/test')), 'tests are not shipped');
  const tests = readdirSync(join(rootfs, 'usr/lib/osprey/dist/common')).filter((f) => f.includes('.test.'));
  assert.deepEqual(tests, []);
});

test('installs bash and zsh completion that complete the commands, flags and tables', () => {
  const bash = join(rootfs, 'usr/share/bash-completion/completions/osprey');
  assert.ok(existsSync(join(rootfs, 'usr/share/bash-completion/completions/ospreyi')));
  assert.match(
    readFileSync(join(rootfs, 'usr/share/zsh/vendor-completions/_osprey'), 'utf8'),
    /^#compdef osprey ospreyi$/m,
  );
  const script = `source ${bash}; COMP_WORDS=(osprey shell -A proc); COMP_CWORD=3; _osprey; echo "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.ok(out.trim().split(' ').includes('processes'), out);
});

test('ships the table spec cache npm run build wrote, readable by all and current for every installed spec', () => {
  // Without it each start of an installed (read-only) osprey shell would import every table module.
  assert.equal(mode('usr/lib/osprey/dist/collector/tables/.spec-cache.json'), 0o644);
  const tables = join(rootfs, 'usr/lib/osprey/dist/collector/tables');
  const files = specFiles(tables);
  assert.ok(files.length > 100, `${files.length} table specs are installed`);
  const cache = new SpecCache(tables);
  assert.deepEqual(
    files.filter((file) => cache.lookup(file) === undefined),
    [],
    'every installed spec is answered from the cache (npm run package keeps the mtimes it holds)',
  );
});

test('control data: dependencies, conffiles and maintainer scripts that start nothing without a config', () => {
  const control = execFileSync('dpkg-deb', ['-f', deb], { encoding: 'utf8' });
  assert.match(control, /^Package: osprey$/m);
  assert.match(control, /^Depends: nodejs \(>= 20\)$/m);
  const info = join(work, 'control');
  execFileSync('dpkg-deb', ['-e', deb, info]);
  assert.deepEqual(readFileSync(join(info, 'conffiles'), 'utf8').trim().split('\n'), [
    '/etc/osprey/osprey.example.conf',
    '/etc/osprey/osprey.example.flags',
  ]);
  const postinst = readFileSync(join(info, 'postinst'), 'utf8');
  assert.match(postinst, /if \[ -f \/etc\/osprey\/osprey\.conf \]; then/);
  assert.match(postinst, /chmod 0700 \/var\/lib\/osprey \/var\/log\/osprey/);
  assert.equal(statSync(join(info, 'postinst')).mode & 0o111, 0o111);
  const check = spawnSync('sh', ['-n', join(info, 'postinst')]);
  assert.equal(check.status, 0, 'postinst is valid sh');
});

test(
  'unit files pass systemd-analyze verify',
  { skip: !hasCommand('systemd-analyze') && 'systemd-analyze is not installed' },
  () => {
    const units = join(work, 'units');
    execFileSync('mkdir', ['-p', units]);
    const launcher = join(rootfs, 'usr/bin/osprey');
    const names = readdirSync(join(rootfs, 'lib/systemd/system'));
    assert.equal(names.length, 4);
    for (const name of names) {
      // The scratch root is not /: point ExecStart at the unpacked launcher so verify can check it exists.
      const text = readFileSync(join(rootfs, 'lib/systemd/system', name), 'utf8').replaceAll(
        '/usr/bin/osprey',
        launcher,
      );
      writeFileSync(join(units, name), text);
    }
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', ...names.map((n) => join(units, n))], {
      encoding: 'utf8',
    });
    assert.equal(verify.status, 0, verify.stderr);
  },
);

test('the installed osprey shell answers SQL', () => {
  const result = spawnSync(join(rootfs, 'usr/bin/osprey'), ['shell', '--json', 'SELECT 1 AS one'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), [{ one: '1' }]);
  const alias = spawnSync(join(rootfs, 'usr/bin/ospreyi'), ['--csv', '--header=false', 'SELECT 2'], {
    encoding: 'utf8',
  });
  assert.equal(alias.stdout.trim(), '2');
});
