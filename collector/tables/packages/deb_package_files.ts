/**
 * `deb_package_files`, as osquery's genDebPackageFiles (libdpkg's file lists): for each installed package of
 * <admindir>/status (default /var/lib/dpkg; `admindir = …` names others), the paths of its
 * <admindir>/info/<package>.list, or <package>:<arch>.list for a Multi-Arch: same package, one row per line, as
 * `dpkg-query -L` lists them. `package = …` reads only those packages.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { field, parseParagraphs } from '../lib/deb822.js';
import { namespaceRoots } from '../lib/namespace.js';
import { readTextIfExists, splitLines } from '../lib/read.js';

const DEFAULT_ADMINDIR = '/var/lib/dpkg';
const FIELDS = new Set(['package', 'status', 'architecture', 'multi-arch']);

export function* genDebPackageFiles(ctx: QueryContext): Iterable<Row> {
  const admindirs = ctx.equals('admindir').map(String);
  const wanted = new Set(ctx.equals('package').map(String));
  for (const root of namespaceRoots(ctx)) {
    for (const admindir of admindirs.length > 0 ? admindirs : [DEFAULT_ADMINDIR]) {
      const base = `${root.root}${admindir}`;
      const status = readOrSkip(ctx, `${base}/status`);
      if (status === null) continue;
      for (const pkg of installedPackages(status, (reason) => ctx.errors.skip(`${base}/status: ${reason}`))) {
        if (wanted.size > 0 && !wanted.has(pkg.name)) continue;
        const list = readOrSkip(ctx, `${base}/info/${pkg.listName}.list`);
        for (const path of list === null ? [] : splitLines(list)) yield { package: pkg.name, path, admindir };
      }
    }
  }
}

/** Installed packages and the name of their file list (with `:arch` for Multi-Arch: same). */
export function installedPackages(
  text: string,
  bad: (reason: string) => void,
): Array<{ name: string; listName: string }> {
  const out: Array<{ name: string; listName: string }> = [];
  for (const p of parseParagraphs(text, bad, FIELDS)) {
    const name = field(p, 'Package');
    const state = (field(p, 'Status') ?? '').split(/\s+/)[2];
    if (!name || state === undefined || state === 'not-installed' || state === 'config-files') continue;
    const arch = field(p, 'Architecture') ?? '';
    out.push({ name, listName: field(p, 'Multi-Arch') === 'same' && arch !== '' ? `${name}:${arch}` : name });
  }
  return out;
}

function readOrSkip(ctx: QueryContext, path: string): string | null {
  try {
    return readTextIfExists(path);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
