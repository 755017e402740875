/**
 * `vscode_extensions`, as osquery's genVSCodeExtensions: for each user and each editor folder, the entries of
 * `<folder>/extensions/extensions.json` that have object `identifier`, `metadata` and `location` members. osquery
 * reads ~/.vscode, ~/.vscode-server (vscode) and their -insiders twins; its spec also names the VSCodium, Cursor,
 * Windsurf and Trae editions, whose folders follow. When a folder has no extensions.json (older VS Code), Osprey
 * lists `extensions/<publisher.name-version>/package.json` instead: name `publisher.name`, version, publisher.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { readTextQuietly } from './read-quietly.js';

export const VSCODE_FOLDERS: ReadonlyArray<readonly [string, string]> = [
  ['.vscode-server', 'vscode'],
  ['.vscode', 'vscode'],
  ['.vscode-server-insiders', 'vscode_insiders'],
  ['.vscode-insiders', 'vscode_insiders'],
  ['.vscode-oss', 'vscodium'],
  ['.vscodium-insiders', 'vscodium_insiders'],
  ['.cursor', 'cursor'],
  ['.windsurf', 'windsurf'],
  ['.trae', 'trae'],
];

export function genVSCodeExtensions(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    for (const [folder, edition] of VSCODE_FOLDERS) {
      const extensionsDir = join(root + user.directory, folder, 'extensions');
      const listing = readTextQuietly(join(extensionsDir, 'extensions.json'));
      const found = listing === null ? fromPackageJsons(extensionsDir) : fromListing(ctx, extensionsDir, listing);
      for (const row of found) rows.push({ ...row, uid: user.uid, vscode_edition: edition });
    }
  }
  return rows;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function fromListing(ctx: QueryContext, dir: string, text: string): Row[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    ctx.errors.skip(`${dir}/extensions.json does not parse`, err);
    return [];
  }
  if (!Array.isArray(doc)) return [];
  return doc.flatMap((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.identifier) || !isObject(entry.metadata) || !isObject(entry.location))
      return [];
    const { identifier, metadata, location } = entry;
    const installed = metadata.installedTimestamp;
    const prerelease = metadata.isPreReleaseVersion;
    return [
      {
        name: str(identifier.id),
        uuid: str(identifier.uuid),
        version: str(entry.version),
        path: str(location.path),
        publisher: str(metadata.publisherDisplayName),
        publisher_id: str(metadata.publisherId),
        installed_at: Number.isInteger(installed) ? (installed as number) : undefined,
        prerelease: typeof prerelease === 'boolean' ? Number(prerelease) : undefined,
      },
    ];
  });
}

function fromPackageJsons(dir: string): Row[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const text = readTextQuietly(join(dir, name, 'package.json'));
    if (text === null) return [];
    try {
      const pkg = JSON.parse(text) as unknown;
      if (!isObject(pkg) || str(pkg.name) === undefined) return [];
      const publisher = str(pkg.publisher);
      return [
        {
          name: publisher === undefined ? str(pkg.name) : `${publisher}.${str(pkg.name)}`,
          version: str(pkg.version),
          path: join(dir, name),
          publisher,
        },
      ];
    } catch {
      return [];
    }
  });
}
