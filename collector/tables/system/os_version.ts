/**
 * `os_version`: the distribution from /etc/os-release (osquery's genOSVersionImpl): NAME, VERSION, BUILD_ID, ID,
 * ID_LIKE, *CODENAME and VERSION_ID split into major/minor/patch; /etc/redhat-release or /etc/gentoo-release
 * override as in osquery. `pid_with_namespace` reads another mount namespace's files.
 */
import { machine } from 'node:os';
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots } from '../lib/namespace.js';
import { readLinkOrEmpty, readTextIfExists, splitLines } from '../lib/read.js';

const OS_RELEASE_COLUMNS: Readonly<Record<string, string>> = {
  NAME: 'name',
  VERSION: 'version',
  BUILD_ID: 'build',
  ID: 'platform',
  ID_LIKE: 'platform_like',
  VERSION_CODENAME: 'codename',
  VERSION_ID: '_id',
};

export function genOsVersion(ctx: QueryContext, root?: string): Row[] {
  return namespaceRoots(ctx).map((ns) => osVersionRow(root ?? ns.root, ns.pidWithNamespace));
}

export function osVersionRow(root: string, pidWithNamespace: number): Row {
  const row: Row = { name: 'Unknown', major: 0, minor: 0, patch: 0, platform: 'posix' };
  row.pid_with_namespace = pidWithNamespace;
  if (pidWithNamespace > 0) row.mount_namespace_id = mountNamespaceId(pidWithNamespace);
  const osRelease = readTextIfExists(`${root}/etc/os-release`);
  if (osRelease) applyOsRelease(row, osRelease);
  row.arch = machine();
  applyLegacyRelease(row, root);
  return row;
}

/** Applies os-release(5) assignments the way osquery's genOSRelease does, including its quote stripping. */
export function applyOsRelease(row: Row, text: string): void {
  for (const line of splitLines(text)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    let column = OS_RELEASE_COLUMNS[key];
    // Some distributions invent their own codename key (UBUNTU_CODENAME); osquery maps any *CODENAME* there.
    if (column === undefined && key.includes('CODENAME')) column = 'codename';
    if (column === undefined) continue;
    let value = line.slice(eq + 1);
    if (value.startsWith('"') || value.startsWith("'")) value = value.slice(1, -1);
    if (column !== '_id') {
      row[column] = value;
      continue;
    }
    const [major, minor, patch] = value.split('.', 3);
    if (major !== undefined) row.major = toVersionInt(major);
    if (minor !== undefined) row.minor = toVersionInt(minor);
    if (patch !== undefined) row.patch = toVersionInt(patch);
  }
}

function toVersionInt(text: string): number {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : 0;
}

/** Older Red Hat and Gentoo systems describe themselves in a one-line release file. */
function applyLegacyRelease(row: Row, root: string): void {
  let content = readTextIfExists(`${root}/etc/redhat-release`);
  if (content !== null) {
    row.platform = 'rhel';
    row.platform_like = 'rhel';
  } else {
    content = readTextIfExists(`${root}/etc/gentoo-release`);
    if (content === null) return;
    row.platform = 'gentoo';
    row.platform_like = 'gentoo';
  }
  content = content.trim().replace(/\s+/g, ' ');
  const m = /([\w+\s]+) .* ([0-9]+)\.([0-9]+)\.?(\w+)?/.exec(content);
  if (m) {
    row.name = m[1];
    row.major = Number(m[2]);
    row.minor = Number(m[3]);
    row.patch = m[4] === undefined ? 0 : toVersionInt(m[4]);
  }
  row.version = content;
  row.build = '';
}

/** The inode number naming a process's mount namespace (`mnt:[4026531841]`), as osquery reports it. */
function mountNamespaceId(pid: number): string {
  return /\[(\d+)\]/.exec(readLinkOrEmpty(`/proc/${pid}/ns/mnt`))?.[1] ?? '';
}
