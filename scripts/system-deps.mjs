#!/usr/bin/env node
// The system programs the tests drive for real, checked once, serially, before the test runner starts. As root the
// missing ones are installed with a single `apt-get install`; otherwise it stops with one message naming the Debian
// packages. No test file installs anything: tests find these programs with test/helpers/system-tools.ts.
// `node scripts/system-deps.mjs --check` only reports (exit 1 when something is missing).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** What the tests need: how to tell it is there, and the Debian package that provides it. */
export const SYSTEM_DEPENDENCIES = [
  {
    what: 'kcat (the librdkafka mock cluster the Kafka tests run against)',
    package: 'kcat',
    present: () => hasCommand('kcat'),
  },
  { what: 'promtool (the alert-rule tests)', package: 'prometheus', present: () => hasCommand('promtool') },
  { what: 'prometheus (the scrape test)', package: 'prometheus', present: () => hasCommand('prometheus') },
  { what: 'lspci (the pci_devices test compares with it)', package: 'pciutils', present: () => hasCommand('lspci') },
  {
    what: 'cryptsetup (the disk_encryption test checks LUKS headers with it)',
    package: 'cryptsetup-bin',
    present: () => hasCommand('cryptsetup'),
  },
  {
    what: 'dmidecode (the SMBIOS table tests compare with it)',
    package: 'dmidecode',
    present: () => hasCommand('dmidecode'),
  },
  {
    what: 'openssl (the TLS API tests make their CA with it)',
    package: 'openssl',
    present: () => hasCommand('openssl'),
  },
  {
    what: 'python3-thrift (the Python osquery extension test)',
    package: 'python3-thrift',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import thrift'], { stdio: 'ignore' }).status === 0,
  },
];

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The Debian packages still missing, each named once. */
export function missingPackages() {
  return [...new Set(SYSTEM_DEPENDENCIES.filter((dep) => !dep.present()).map((dep) => dep.package))];
}

function aptGet(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  return result.status === 0;
}

/** Installs what is missing when root; returns the packages that are still missing afterwards. */
export function ensureSystemDependencies({ install = true, log = console.error } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  if (install && process.getuid?.() === 0) {
    log(`Installing the system packages the tests drive: ${missing.join(' ')} (apt-get, once).`);
    aptGet(['update', '-qq']);
    aptGet(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  }
  return missingPackages();
}

/** One message naming every missing package and the command that installs them. */
export function describeMissing(missing) {
  const lines = SYSTEM_DEPENDENCIES.filter((dep) => missing.includes(dep.package)).map((dep) => `  - ${dep.what}`);
  return [
    'The tests drive real system programs that are not installed:',
    ...lines,
    `Install them once (as root): apt-get install --no-install-recommends ${missing.join(' ')}`,
  ].join('\n');
}

function main() {
  const missing = ensureSystemDependencies({ install: !process.argv.includes('--check') });
  if (missing.length === 0) return;
  console.error(describeMissing(missing));
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
