#!/usr/bin/env node
// `npm run package`: builds dist/osprey_<version>_<arch>.deb with dpkg-deb, laid out like osquery's package:
//   /usr/lib/osprey            the program (dist/, production node_modules, the native addon, data files)
//   /usr/bin/osprey, ospreyi   launchers
//   /etc/osprey/               osprey.example.conf and osprey.example.flags (the service starts only once
//                              /etc/osprey/osprey.conf exists)
//   /usr/share/osprey/packs    the bundled packs
//   /var/lib/osprey, /var/log/osprey   private (0700)
//   /lib/systemd/system        a unit per stage
// Options: --out DIR, --compression xz|gzip|none (default xz; tests use gzip for speed).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const { values } = parseArgs({ options: { out: { type: 'string' }, compression: { type: 'string' } } });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
const outDir = values.out ?? join(root, 'dist');
// Staged outside the tree: the default output folder is dist/, which is copied into the package, and a copy cannot
// contain its own destination (ERR_FS_CP_EINVAL).
const staging = mkdtempSync(join(tmpdir(), 'osprey-deb-'));
const lib = join(staging, 'usr/lib/osprey');

// Runtime data lives beside the code and is found from the package root; sources, tests and dev files are not shipped.
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'build', 'test', 'bench', 'tmp', '.ci', 'packaging', 'scripts', 'native', 'examples']);
const SKIP_FILES = new Set(['binding.gyp', 'eslint.config.js', 'tsconfig.json', '.gitignore', '.dockerignore']);
function copyData(from, to) {
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    const rel = relative(root, src);
    if (statSync(src).isDirectory()) {
      if (SKIP_DIRS.has(entry) || entry === 'fixtures') continue;
      copyData(src, join(to, entry));
    } else if (!SKIP_FILES.has(entry) && (!/\.(ts|tsx|md|mjs)$/.test(entry) || rel === 'README.md')) {
      mkdirSync(to, { recursive: true });
      cpSync(src, join(to, entry));
    }
  }
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], ...opts });
}

if (!existsSync(join(root, 'dist/cli/osprey.js'))) throw new Error('Build first: npm run build');
process.on('exit', () => rmSync(staging, { recursive: true, force: true }));
mkdirSync(lib, { recursive: true });
copyData(root, lib);
cpSync(join(root, 'dist'), join(lib, 'dist'), { recursive: true, filter: (src) => !/\.test\.js(\.map)?$|\.deb$/.test(src) });
rmSync(join(lib, 'dist/test'), { recursive: true, force: true });
rmSync(join(lib, 'dist/bench'), { recursive: true, force: true });
if (existsSync(join(root, 'build/Release'))) {
  mkdirSync(join(lib, 'build/Release'), { recursive: true });
  for (const f of readdirSync(join(root, 'build/Release')).filter((f) => f.endsWith('.node'))) {
    cpSync(join(root, 'build/Release', f), join(lib, 'build/Release', f));
  }
}
// A work tree may link node_modules to a shared one: copy what it points at (a copied link would let the prune
// below delete the shared tree's dev dependencies), and keep .bin links as they are written.
cpSync(realpathSync(join(root, 'node_modules')), join(lib, 'node_modules'), { recursive: true, verbatimSymlinks: true });
cpSync(join(root, 'package-lock.json'), join(lib, 'package-lock.json'));
run('npm', ['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: lib });
// better-sqlite3 keeps its SQLite sources and object files after building: only the addon is needed.
for (const junk of ['deps', 'src', 'build/Release/obj', 'build/Release/obj.target', 'build/Release/.deps', 'build/deps']) {
  rmSync(join(lib, 'node_modules/better-sqlite3', junk), { recursive: true, force: true });
}

const bin = join(staging, 'usr/bin');
mkdirSync(bin, { recursive: true });
const wrapper = readFileSync(join(root, 'packaging/wrapper.sh'), 'utf8');
for (const cli of ['osprey', 'ospreyi']) {
  writeFileSync(join(bin, cli), wrapper.replace('@CLI@', cli), { mode: 0o755 });
}
const etc = join(staging, 'etc/osprey');
mkdirSync(etc, { recursive: true });
cpSync(join(root, 'packaging/osprey.example.conf'), join(etc, 'osprey.example.conf'));
cpSync(join(root, 'packaging/osprey.example.flags'), join(etc, 'osprey.example.flags'));
cpSync(join(root, 'packs'), join(staging, 'usr/share/osprey/packs'), { recursive: true });
mkdirSync(join(staging, 'usr/share/doc/osprey'), { recursive: true });
cpSync(join(root, 'README.md'), join(staging, 'usr/share/doc/osprey/README.md'));
cpSync(join(root, 'deploy/systemd'), join(staging, 'lib/systemd/system'), { recursive: true });
for (const dir of ['var/lib/osprey', 'var/log/osprey']) {
  mkdirSync(join(staging, dir), { recursive: true });
  chmodSync(join(staging, dir), 0o700);
}

const debian = join(staging, 'DEBIAN');
mkdirSync(debian, { recursive: true });
const installedKb = Number(execFileSync('du', ['-sk', staging], { encoding: 'utf8' }).split('\t')[0]);
writeFileSync(
  join(debian, 'control'),
  [
    'Package: osprey',
    `Version: ${pkg.version}`,
    `Architecture: ${arch}`,
    'Maintainer: Osprey developers <osprey@localhost>',
    'Depends: nodejs (>= 20)',
    'Section: admin',
    'Priority: optional',
    `Installed-Size: ${installedKb}`,
    `Description: ${pkg.description}`,
    ' osquery-compatible agent (osprey daemon, osprey shell / ospreyi) and the enricher, correlator and index',
    ' stages that stream its results over Kafka or an embedded bus into Elasticsearch or a local store.',
    '',
  ].join('\n'),
);
writeFileSync(join(debian, 'conffiles'), '/etc/osprey/osprey.example.conf\n/etc/osprey/osprey.example.flags\n');
for (const script of ['postinst', 'prerm', 'postrm']) {
  cpSync(join(root, 'packaging', script), join(debian, script));
  chmodSync(join(debian, script), 0o755);
}

const deb = join(outDir, `osprey_${pkg.version}_${arch}.deb`);
const compression = values.compression ?? 'xz';
mkdirSync(outDir, { recursive: true });
run('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', staging, deb]);
console.log(deb);
