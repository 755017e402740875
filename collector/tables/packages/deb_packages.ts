/**
 * deb_packages, as osquery's genDebPackages (libdpkg over <admindir>/status, default /var/lib/dpkg): Osprey parses
 * the status file itself. Packages whose status is not-installed are left out, as libdpkg's reader does; the rest
 * are sorted by name and architecture (pkg_sorter_by_nonambig_name_arch).
 * - version: the Version field (epoch:upstream-revision), revision: its Debian revision (after the last '-').
 * - size: Installed-Size as written (KiB). status: the Status field ("install ok installed").
 * - priority: "unknown" when the paragraph has none, as pkg_priority_name() answers.
 * `admindir = …` reads other dpkg databases; pid_with_namespace reads one inside a process's mount namespace.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { field, parseParagraphs } from '../lib/deb822.js';
import { namespaceRoots } from '../lib/namespace.js';
import { ParsedFileCache } from '../lib/parsed-file-cache.js';
import { toInt } from '../lib/read.js';

const DEFAULT_ADMINDIR = '/var/lib/dpkg';
/** The status file is parsed again only when it changed (the it-compliance pack reads it every interval). */
const statusFiles = new ParsedFileCache((text, bad) => parseDpkgStatus(text, bad));

export function* genDebPackages(ctx: QueryContext): Iterable<Row> {
  const admindirs = ctx.equals('admindir').map(String);
  for (const root of namespaceRoots(ctx)) {
    for (const admindir of admindirs.length > 0 ? admindirs : [DEFAULT_ADMINDIR]) {
      const path = `${root.root}${admindir}/status`;
      let rows: Row[] | null;
      try {
        rows = statusFiles.read(path, (reason) => ctx.errors.skip(`${path}: ${reason}`));
      } catch (err) {
        ctx.errors.skip(`cannot read ${path}`, err);
        continue;
      }
      if (rows === null) continue;
      for (const row of rows) {
        yield { ...row, admindir, pid_with_namespace: root.pidWithNamespace };
      }
    }
  }
}

const STATUS_FIELDS = new Set([
  'package',
  'status',
  'version',
  'source',
  'installed-size',
  'architecture',
  'maintainer',
  'section',
  'priority',
]);

/** Rows for the installed (not not-installed) packages of a dpkg status file. */
export function parseDpkgStatus(text: string, bad: (reason: string) => void): Row[] {
  const rows: Row[] = [];
  for (const p of parseParagraphs(text, bad, STATUS_FIELDS)) {
    const name = field(p, 'Package');
    const status = field(p, 'Status') ?? '';
    if (!name) {
      bad(`paragraph at line ${p.line} has no Package field`);
      continue;
    }
    if (status.split(/\s+/)[2] === 'not-installed' || status === '') continue;
    const version = detached(field(p, 'Version') ?? '');
    const dash = version.lastIndexOf('-');
    rows.push({
      name: detached(name),
      version,
      source: detached(field(p, 'Source') ?? ''),
      size: toInt(field(p, 'Installed-Size')),
      arch: detached(field(p, 'Architecture') ?? ''),
      revision: dash >= 0 ? detached(version.slice(dash + 1)) : '',
      status: detached(status),
      maintainer: detached(field(p, 'Maintainer') ?? ''),
      section: detached(field(p, 'Section') ?? ''),
      priority: detached(field(p, 'Priority') ?? 'unknown'),
    });
  }
  return rows.sort((a, b) => compare(String(a.name), String(b.name)) || compare(String(a.arch), String(b.arch)));
}

/**
 * A copy of a field's text that does not point into the file's text. V8 makes substrings of 13+ characters (split
 * lines, sliced values) as views of their parent, so one cached row kept the whole ~1.3 MB status file alive in the
 * daemon's heap while the parse was cached.
 */
function detached(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
