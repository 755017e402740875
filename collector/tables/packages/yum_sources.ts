/**
 * yum_sources, as osquery's genYumSrcs: the repository sections of /etc/yum.conf and of every <reposdir>/*.repo
 * (reposdir from yum.conf's [main], default /etc/yum.repos.d), one row per section except [main], with the
 * name, baseurl, mirrorlist, metalink, enabled, gpgcheck and gpgkey options as written.
 * osquery's INI reader (boost) rejects a whole file on a line it cannot parse; yum accepts indented continuation
 * lines (multi-URL baseurl/gpgkey), so Osprey joins those with a space and skips (and counts) other bad lines.
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots, type NamespaceRoot } from '../lib/namespace.js';
import { readTextIfExists } from '../lib/read.js';

const YUM_CONF = '/etc/yum.conf';
const DEFAULT_REPOS_DIR = '/etc/yum.repos.d';
const OPTIONS = new Set(['name', 'baseurl', 'mirrorlist', 'metalink', 'enabled', 'gpgcheck', 'gpgkey']);

export type IniSections = Map<string, Map<string, string>>;

export function* genYumSources(ctx: QueryContext): Iterable<Row> {
  for (const root of namespaceRoots(ctx)) {
    const conf = readIni(ctx, root, YUM_CONF);
    const reposDir = conf?.get('main')?.get('reposdir') ?? DEFAULT_REPOS_DIR;
    if (conf) yield* sectionRows(conf, YUM_CONF, root.pidWithNamespace);
    let files: string[];
    try {
      files = readdirSync(root.root + reposDir)
        .filter((f) => f.endsWith('.repo'))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const path = `${reposDir}/${file}`;
      const repo = readIni(ctx, root, path);
      if (repo) yield* sectionRows(repo, path, root.pidWithNamespace);
    }
  }
}

function* sectionRows(sections: IniSections, source: string, pid: number): Iterable<Row> {
  for (const [name, options] of sections) {
    if (name === 'main') continue;
    const row: Row = { source, pid_with_namespace: pid };
    for (const [key, value] of options) if (OPTIONS.has(key)) row[key] = value;
    yield row;
  }
}

function readIni(ctx: QueryContext, root: NamespaceRoot, path: string): IniSections | null {
  try {
    const text = readTextIfExists(root.root + path);
    return text === null ? null : parseIni(text, (reason) => ctx.errors.skip(`${path}: ${reason}`));
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}

/** `[section]` headers, `key = value` options, `#`/`;` comments, indented continuation lines. */
export function parseIni(text: string, bad: (reason: string) => void): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | null = null;
  let lastKey = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections.get(header[1] ?? '') ?? new Map<string, string>();
      sections.set(header[1] ?? '', current);
      lastKey = '';
      return;
    }
    const eq = line.indexOf('=');
    if (current && eq < 0 && /^\s/.test(raw) && lastKey) {
      current.set(lastKey, `${current.get(lastKey) ?? ''} ${line}`.trim());
    } else if (current && eq > 0) {
      lastKey = line.slice(0, eq).trim();
      current.set(lastKey, line.slice(eq + 1).trim());
    } else {
      bad(`line ${i + 1} is neither a section, an option nor a continuation`);
    }
  });
  return sections;
}
