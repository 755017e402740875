/**
 * apt_sources, as osquery's genAptSrcs (tables/system/linux/apt_sources.cpp): `deb` entries of
 * /etc/apt/sources.list and /etc/apt/sources.list.d/*.list (one-line format) and *.sources (deb822), each joined
 * with the Release file apt downloaded for it (/var/lib/apt/lists/<uri>_dists_<suite>_[In]Release), which supplies
 * release (Codename), version, maintainer (Origin), components and architectures. As in osquery, a source whose
 * Release file is not there (never `apt update`d) has no row. Unlike osquery (which only keeps `Enabled: on`), a
 * deb822 stanza is skipped when its Enabled field is no/false/off, the values apt itself accepts.
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { field, parseParagraphs } from '../lib/deb822.js';
import { namespaceRoots, type NamespaceRoot } from '../lib/namespace.js';
import { readTextIfExists } from '../lib/read.js';

const LISTS = '/var/lib/apt/lists';

export interface AptSource {
  baseUri: string;
  /** `<host/path> <suite>` */
  name: string;
  /** Prefix of the Release file name in /var/lib/apt/lists. */
  cachePrefix: string;
}

export function* genAptSources(ctx: QueryContext): Iterable<Row> {
  for (const root of namespaceRoots(ctx)) {
    for (const file of sourceFiles(root)) {
      const text = read(ctx, root.root + file);
      if (text === null) continue;
      const sources = file.endsWith('.sources') ? parseDeb822Sources(text) : parseSourcesList(text);
      for (const source of sources) {
        const row = releaseRow(ctx, root, source);
        if (row) yield { source: file, ...row, pid_with_namespace: root.pidWithNamespace };
      }
    }
  }
}

function sourceFiles(root: NamespaceRoot): string[] {
  const files: string[] = [];
  if (readTextIfExists(`${root.root}/etc/apt/sources.list`) !== null) files.push('/etc/apt/sources.list');
  let entries: string[] = [];
  try {
    entries = readdirSync(`${root.root}/etc/apt/sources.list.d`).sort();
  } catch {
    return files;
  }
  files.push(...entries.filter((f) => f.endsWith('.list')).map((f) => `/etc/apt/sources.list.d/${f}`));
  files.push(...entries.filter((f) => f.endsWith('.sources')).map((f) => `/etc/apt/sources.list.d/${f}`));
  return files;
}

/** One-line format: `deb [options] uri suite [components…]`; deb-src and comments are ignored. */
export function parseSourcesList(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.split('#')[0] ?? '';
    const at = line.indexOf('deb ');
    if (at < 0) continue;
    const tokens = line
      .slice(at + 4)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    let i = 0;
    if (tokens[0]?.startsWith('[')) {
      while (i < tokens.length && !(tokens[i] ?? '').includes(']')) i++;
      i++;
    }
    const source = makeSource(tokens[i], tokens[i + 1]);
    if (source) out.push(source);
  }
  return out;
}

/** deb822 stanzas: Types (must include deb), URIs × Suites; Enabled: no disables a stanza. */
export function parseDeb822Sources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const p of parseParagraphs(text)) {
    if (!(field(p, 'Types') ?? '').split(/\s+/).includes('deb')) continue;
    if (['no', 'false', 'off'].includes((field(p, 'Enabled') ?? 'yes').toLowerCase())) continue;
    const uris = (field(p, 'URIs') ?? '').split(/\s+/).filter(Boolean);
    const suites = (field(p, 'Suites') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of uris) {
      for (const suite of suites) {
        const source = makeSource(uri, suite);
        if (source) out.push(source);
      }
    }
  }
  return out;
}

function makeSource(uri: string | undefined, suite: string | undefined): AptSource | null {
  if (!uri || !suite) return null;
  const scheme = uri.indexOf('://');
  if (scheme < 0) return null;
  const baseUri = uri.replace(/\/+$/, '');
  const host = baseUri.slice(scheme + 3);
  if (host === '') return null;
  // A suite with a slash is a flat repository path; otherwise the Release file lives under dists/<suite>.
  const parts = suite.includes('/') ? [host, ...suite.split('/').filter(Boolean)] : [host, 'dists', suite];
  return { baseUri, name: `${host} ${suite}`, cachePrefix: parts.join('_').replaceAll('/', '_') };
}

function releaseRow(ctx: QueryContext, root: NamespaceRoot, source: AptSource): Row | null {
  let names: string[];
  try {
    names = readdirSync(root.root + LISTS);
  } catch {
    return null;
  }
  const release = names.filter((n) => n.startsWith(`${source.cachePrefix}_`) && n.endsWith('Release')).sort()[0];
  if (!release) return null;
  const text = read(ctx, `${root.root}${LISTS}/${release}`);
  if (text === null) return null;
  return { name: source.name, base_uri: source.baseUri, ...releaseFields(text) };
}

/** The Release header: `Key: value` lines up to the PGP signature; lines with more than one colon are ignored. */
export function releaseFields(text: string): Row {
  const mapping: Record<string, string> = {
    Codename: 'release',
    Version: 'version',
    Origin: 'maintainer',
    Components: 'components',
    Architectures: 'architectures',
  };
  const row: Row = {};
  for (const line of text.split('\n')) {
    if (line === '-----BEGIN PGP SIGNATURE-----') break;
    const parts = line
      .split(':')
      .map((p) => p.trim())
      .filter(Boolean);
    const column = parts.length === 2 ? mapping[parts[0] ?? ''] : undefined;
    if (column) row[column] = parts[1];
  }
  return row;
}

function read(ctx: QueryContext, path: string): string | null {
  try {
    return readTextIfExists(path);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
