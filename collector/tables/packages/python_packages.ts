/**
 * python_packages, as osquery's Linux genPythonPackages: every *.dist-info (METADATA) and *.egg-info (PKG-INFO,
 * a directory or a file) in the site directories /usr/local/lib/python*\/{dist,site}-packages,
 * /usr/lib/python*\/{dist,site}-packages and each user's ~/.local/lib/python*\/site-packages (uid = that user; 0 for
 * the system directories), or only in the `directory = …` values when given; `uid = …` limits the user directories.
 * Metadata headers are read up to the first blank line (the description body); unlike osquery, which ignores a
 * header line with a second colon, the value is everything after the first colon.
 */
import { readdirSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readPasswd } from '../lib/accounts.js';
import { readTextIfExists } from '../lib/read.js';

const SYSTEM_PREFIXES = ['/usr/local/lib', '/usr/lib'];
const HEADERS: Record<string, string> = {
  Name: 'name',
  Version: 'version',
  Summary: 'summary',
  Author: 'author',
  License: 'license',
};

interface SiteDirectory {
  path: string;
  uid: number;
}

export function* genPythonPackages(ctx: QueryContext): Iterable<Row> {
  const wanted = ctx.equals('directory').map(String);
  const sites =
    wanted.length > 0 ? wanted.map((path) => ({ path: path.replace(/\/+$/, ''), uid: 0 })) : defaultSites(ctx);
  for (const site of sites) yield* packagesIn(ctx, site);
}

function defaultSites(ctx: QueryContext): SiteDirectory[] {
  const sites: SiteDirectory[] = [];
  const uids = new Set(ctx.equals('uid').map(Number));
  if (uids.size === 0 || uids.has(0)) {
    for (const prefix of SYSTEM_PREFIXES) {
      for (const python of pythonDirs(prefix)) {
        for (const kind of ['dist-packages', 'site-packages'])
          sites.push({ path: `${prefix}/${python}/${kind}`, uid: 0 });
      }
    }
  }
  for (const user of homeDirectories()) {
    if (uids.size > 0 && !uids.has(user.uid)) continue;
    const lib = `${user.home}/.local/lib`;
    for (const python of pythonDirs(lib)) sites.push({ path: `${lib}/${python}/site-packages`, uid: user.uid });
  }
  return sites;
}

function pythonDirs(prefix: string): string[] {
  try {
    return readdirSync(prefix)
      .filter((name) => name.startsWith('python'))
      .sort();
  } catch {
    return [];
  }
}

/** Users and home directories from /etc/passwd (homes shared by several accounts are visited once). */
function homeDirectories(): Array<{ uid: number; home: string }> {
  const seen = new Set<string>();
  const out: Array<{ uid: number; home: string }> = [];
  for (const user of readPasswd()) {
    if (user.directory === '' || user.directory === '/' || seen.has(user.directory)) continue;
    seen.add(user.directory);
    out.push({ uid: user.uid, home: user.directory });
  }
  return out;
}

function* packagesIn(ctx: QueryContext, site: SiteDirectory): Iterable<Row> {
  let entries: string[];
  try {
    entries = readdirSync(site.path).sort();
  } catch {
    return; // absent site directories are the norm
  }
  for (const entry of entries) {
    const path = `${site.path}/${entry}`;
    const metadata = metadataFile(path, entry);
    if (!metadata) continue;
    try {
      const text = readTextIfExists(metadata);
      if (text === null) continue;
      yield { ...parseMetadata(text), uid: site.uid, path, directory: site.path };
    } catch (err) {
      ctx.errors.skip(`cannot read ${metadata}`, err);
    }
  }
}

function metadataFile(path: string, entry: string): string | null {
  if (entry.endsWith('.dist-info')) return `${path}/METADATA`;
  if (!entry.endsWith('.egg-info')) return null;
  try {
    return statSync(path).isDirectory() ? `${path}/PKG-INFO` : path;
  } catch {
    return null;
  }
}

/** Core metadata (PEP 566) headers; the body after the first blank line is the long description. */
export function parseMetadata(text: string): Row {
  const row: Row = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    const column = colon > 0 ? HEADERS[line.slice(0, colon)] : undefined;
    if (column && row[column] === undefined) row[column] = line.slice(colon + 1).trim();
  }
  return row;
}
