/**
 * Gentoo's Portage as osquery's portage.cpp reads it: installed packages from the package database
 * (/var/db/pkg/<category>/<name>-<version>/ with SLOT, SIZE, EAPI, BUILD_TIME, repository and USE files), the world
 * set (/var/lib/portage/world), and the keyword, mask and unmask lists under /etc/portage. Portage accepts each list
 * as a file or as a directory of files (man 5 portage); osquery reads only files, Osprey reads both.
 * Every function takes the root directory so the tests can point at a fixture tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { isDirectory } from '../lib/dir.js';

const PACKAGE_DB = 'var/db/pkg';
const WORLD = 'var/lib/portage/world';
const KEYWORDS = 'etc/portage/package.keywords';
const MASK = 'etc/portage/package.mask';
const UNMASK = 'etc/portage/package.unmask';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A list file, or every file of a list directory in name order, as one text. */
function readList(path: string): string {
  if (!isDirectory(path)) return readText(path) ?? '';
  return readdirSync(path)
    .sort()
    .map((name) => readText(join(path, name)) ?? '')
    .join('\n');
}

/** The words of each non-comment line (osquery splits on whitespace and skips lines whose first word starts with #). */
function listLines(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.split(/\s+/).filter((w) => w !== ''))
    .filter((words) => words.length > 0 && !(words[0] ?? '').startsWith('#'));
}

/**
 * osquery's portageSplitPackageVersion: `>=dev-lang/python-3.11.8-r2` is `dev-lang/python` and `>=3.11.8-r2`.
 * Leading operators stay with the version, except a leading `=`; the version starts at the last `-` followed by a
 * digit, or at the one before it (for `-r<n>` revisions).
 */
export function splitPackageVersion(spec: string): { package: string; version: string } {
  let rest = spec.endsWith('/') ? spec.slice(0, -1) : spec;
  let version = '';
  while (/^[<>=]/.test(rest)) {
    if (!(version === '' && rest.startsWith('='))) version += rest[0];
    rest = rest.slice(1);
  }
  const divider = rest.indexOf('/');
  const startsVersion = (at: number): boolean => at > divider && at < rest.length - 1 && /\d/.test(rest[at + 1] ?? '');
  let at = rest.lastIndexOf('-');
  if (at >= 0 && !startsVersion(at)) at = at > 0 ? rest.lastIndexOf('-', at - 1) : -1;
  if (at >= 0 && startsVersion(at)) {
    version += rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  return { package: rest, version };
}

/** `<category>/<name>-<version>` of every package directory in the package database. */
function installed(root: string): string[] {
  const db = join(root, PACKAGE_DB);
  if (!isDirectory(db)) return [];
  const found: string[] = [];
  for (const category of readdirSync(db).sort()) {
    if (!isDirectory(join(db, category))) continue;
    for (const pkg of readdirSync(join(db, category)).sort()) {
      if (isDirectory(join(db, category, pkg))) found.push(`${category}/${pkg}`);
    }
  }
  return found;
}

function trimmedFile(dir: string, name: string): string | null {
  const text = readText(join(dir, name));
  return text === undefined ? null : text.trim();
}

function integerOrNull(text: string | null): number | null {
  return text !== null && /^-?\d+$/.test(text) ? Number(text) : null;
}

/**
 * portage_packages: as osquery, nothing without a readable world file. World atoms may name a slot or repository
 * (`dev-lang/python:3.12`, `app-misc/foo::guru`), which osquery compares as written (so never matches); Osprey
 * compares the package name.
 */
export function portagePackages(root: string): Row[] {
  const world = readText(join(root, WORLD));
  if (world === undefined) return [];
  const inWorld = new Set(
    listLines(world).map((words) => splitPackageVersion((words[0] ?? '').split(':')[0] ?? '').package),
  );
  return installed(root).map((entry) => {
    const dir = join(root, PACKAGE_DB, entry);
    const { package: name, version } = splitPackageVersion(entry);
    return {
      package: name,
      version,
      slot: trimmedFile(dir, 'SLOT'),
      build_time: integerOrNull(trimmedFile(dir, 'BUILD_TIME')),
      repository: trimmedFile(dir, 'repository'),
      eapi: integerOrNull(trimmedFile(dir, 'EAPI')),
      size: integerOrNull(trimmedFile(dir, 'SIZE')),
      world: inWorld.has(name) ? 1 : 0,
    };
  });
}

/** portage_use: one row per flag in each installed package's USE file. */
export function portageUse(root: string): Row[] {
  const rows: Row[] = [];
  for (const entry of installed(root)) {
    const { package: name, version } = splitPackageVersion(entry);
    const flags = (readText(join(root, PACKAGE_DB, entry, 'USE')) ?? '').split(/\s+/).filter((f) => f !== '');
    for (const use of flags) rows.push({ package: name, version, use });
  }
  return rows;
}

/**
 * portage_keywords: one row per atom named in package.keywords, package.mask or package.unmask, with the keyword
 * (the second word of its keywords line) and whether it is masked or unmasked. Atoms are matched as written.
 */
export function portageKeywords(root: string): Row[] {
  const atoms = new Map<string, Row>();
  const entry = (atom: string): Row => {
    const existing = atoms.get(atom);
    if (existing !== undefined) return existing;
    const { package: name, version } = splitPackageVersion(atom);
    const row: Row = { package: name, version, keyword: '', mask: 0, unmask: 0 };
    atoms.set(atom, row);
    return row;
  };
  for (const [atom, keyword = ''] of listLines(readList(join(root, KEYWORDS)))) {
    // osquery keeps only the first keyword of a line, and drops the line when that is a comment.
    if (atom !== undefined && !keyword.startsWith('#') && !atoms.has(atom)) entry(atom).keyword = keyword;
  }
  for (const [atom] of listLines(readList(join(root, MASK)))) if (atom !== undefined) entry(atom).mask = 1;
  for (const [atom] of listLines(readList(join(root, UNMASK)))) if (atom !== undefined) entry(atom).unmask = 1;
  return [...atoms.values()];
}
