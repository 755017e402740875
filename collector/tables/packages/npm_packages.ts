/**
 * npm_packages, as osquery's genNodePackages (tables/applications/npm_packages.cpp): in each site directory (the
 * `directory = …` values, or osquery's global locations: /usr/local/lib, /opt/homebrew/lib, /usr/lib,
 * /home/*\/.npm-global/lib, /home/*\/.nvm/versions/node/*\/lib) read node_modules/<pkg>/package.json and
 * node_modules/@scope/<pkg>/package.json, then descend into each package's own node_modules up to max_depth
 * (default 100, -1 unlimited), visiting each directory inode once (symlink loops).
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { isDirectory, isFile, listNames } from '../lib/dir.js';
import { readTextIfExists } from '../lib/read.js';

const DEFAULT_MAX_DEPTH = 100;
const GLOBAL_SITES = [
  '/usr/local/lib',
  '/opt/homebrew/lib',
  '/usr/lib',
  '/home/*/.npm-global/lib',
  '/home/*/.nvm/versions/node/*/lib',
];

export function* genNpmPackages(ctx: QueryContext): Iterable<Row> {
  const depthValue = ctx.equals('max_depth')[0];
  const maxDepth =
    depthValue !== undefined && Number.isInteger(Number(depthValue)) ? Number(depthValue) : DEFAULT_MAX_DEPTH;
  const wanted = ctx.equals('directory').map(String);
  const sites = wanted.length > 0 ? [...new Set(wanted)] : [...new Set(GLOBAL_SITES.flatMap(expandStars))];
  for (const site of sites) yield* packagesUnder(ctx, site, maxDepth);
}

function* packagesUnder(ctx: QueryContext, site: string, maxDepth: number): Iterable<Row> {
  const visited = new Set<number>();
  const stack: Array<{ dir: string; depth: number }> = [{ dir: site, depth: 0 }];
  while (stack.length > 0) {
    const { dir, depth } = stack.pop() ?? { dir: '', depth: 0 };
    if (!firstVisit(visited, dir)) continue;
    for (const manifest of manifestsIn(join(dir, 'node_modules'))) {
      yield { ...readManifest(ctx, manifest), directory: site, path: manifest, depth, max_depth: maxDepth };
      const pkgDir = manifest.slice(0, -'/package.json'.length);
      if ((maxDepth === -1 || depth < maxDepth) && isDirectory(join(pkgDir, 'node_modules'))) {
        stack.push({ dir: pkgDir, depth: depth + 1 });
      }
    }
  }
}

/** node_modules/<pkg>/package.json and node_modules/@scope/<pkg>/package.json that exist. */
function manifestsIn(modules: string): string[] {
  const out: string[] = [];
  for (const name of listNames(modules)) {
    if (name.startsWith('@')) {
      for (const scoped of listNames(join(modules, name))) out.push(join(modules, name, scoped, 'package.json'));
    } else {
      out.push(join(modules, name, 'package.json'));
    }
  }
  return out.filter(isFile);
}

/** The name, version, description, homepage, author (string or {name}) and license (string or {url}) fields. */
export function packageRow(json: unknown): Row {
  const row: Row = {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return row;
  const doc = json as Record<string, unknown>;
  for (const key of ['name', 'version', 'description', 'homepage']) {
    if (key in doc) row[key] = typeof doc[key] === 'string' ? doc[key] : '';
  }
  const author = doc.author;
  if (typeof author === 'string') row.author = author;
  else if (isObject(author) && 'name' in author) row.author = typeof author.name === 'string' ? author.name : '';
  const license = doc.license;
  if (typeof license === 'string') row.license = license;
  else if (isObject(license) && typeof license.url === 'string') row.license = license.url;
  return row;
}

function readManifest(ctx: QueryContext, path: string): Row {
  try {
    return packageRow(JSON.parse(readTextIfExists(path) ?? 'null'));
  } catch (err) {
    ctx.errors.skip(`cannot parse ${path}`, err);
    return {};
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function firstVisit(visited: Set<number>, dir: string): boolean {
  try {
    const ino = lstatSync(dir).ino;
    if (visited.has(ino)) return false;
    visited.add(ino);
  } catch {
    // osquery treats an unstat-able directory as unvisited; its listing will simply be empty
  }
  return true;
}

/** Expands `*` path segments (osquery's `%` patterns) against the filesystem. */
function expandStars(pattern: string): string[] {
  let paths = [''];
  for (const segment of pattern.split('/').filter(Boolean)) {
    paths =
      segment === '*'
        ? paths.flatMap((p) =>
            listNames(p || '/')
              .map((name) => `${p}/${name}`)
              .filter(isDirectory),
          )
        : paths.map((p) => `${p}/${segment}`);
  }
  return paths.filter(isDirectory);
}
