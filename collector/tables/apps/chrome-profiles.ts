/**
 * Chromium-family profiles as osquery's chrome utils (tables/applications/chrome/utils.cpp) find them: for each user
 * (usersFromContext) and each browser's user-data folder under the home, the folder itself is a profile when it holds
 * a readable `Preferences` or `Secure Preferences`, else each of its sub-folders that does. A profile is kept only
 * when both files read and parse (osquery skips it otherwise); its extensions are every `Extensions/<id>/<version>`
 * folder with a readable manifest.json (unreferenced), moved to "referenced" when `extensions.settings` (Opera:
 * `extensions.opsettings`) of either preferences file names its path, plus referenced folders outside the profile.
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { QueryContext } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { readTextQuietly } from './read-quietly.js';
import { childAt, parsePTree, type PNode } from './ptree-json.js';

/**
 * Linux user-data folders, relative to the home: osquery's kLinuxPathList (chrome, chrome_beta, chrome_dev, brave,
 * chromium and its snap, yandex, opera, vivaldi) and the folders the other browser types of its spec use on Linux
 * (Edge and Brave channels).
 */
export const CHROME_BROWSERS: ReadonlyArray<readonly [string, string]> = [
  ['chrome', '.config/google-chrome'],
  ['chrome_beta', '.config/google-chrome-beta'],
  ['chrome_dev', '.config/google-chrome-unstable'],
  ['brave', '.config/BraveSoftware/Brave-Browser'],
  ['brave_beta', '.config/BraveSoftware/Brave-Browser-Beta'],
  ['brave_nightly', '.config/BraveSoftware/Brave-Browser-Nightly'],
  ['chromium', '.config/chromium'],
  ['chromium', 'snap/chromium/common/chromium'],
  ['yandex', '.config/yandex-browser-beta'],
  ['opera', '.config/opera'],
  ['edge', '.config/microsoft-edge'],
  ['edge_beta', '.config/microsoft-edge-beta'],
  ['edge_dev', '.config/microsoft-edge-dev'],
  ['vivaldi', '.config/vivaldi'],
];

const PREFERENCE_FILES = ['Preferences', 'Secure Preferences'] as const;

export interface ExtensionSnapshot {
  readonly path: string;
  /** manifest.json as read (its hash is the manifest_hash column). */
  readonly manifest: string;
  readonly referenced: boolean;
}

export interface ChromeProfile {
  readonly browserType: string;
  readonly uid: number;
  readonly path: string;
  readonly name: string;
  /** The parsed Preferences and Secure Preferences, in that order (either may be null when empty). */
  readonly preferences: ReadonlyArray<PNode | null>;
  readonly extensions: readonly ExtensionSnapshot[];
}

/** `root` re-roots /etc/passwd and the homes (tests). */
export function chromeProfiles(ctx: QueryContext, root = ''): ChromeProfile[] {
  const out: ChromeProfile[] = [];
  for (const user of usersFromContext(ctx, root)) {
    for (const [browserType, suffix] of CHROME_BROWSERS) {
      const dataDir = join(root + user.directory, suffix);
      // A missing folder holds no profile; existsSync does not throw, the calls below would, ~8 times per folder
      // (25 users x 14 browsers on a host without Chrome, every run of the it-compliance pack's query).
      if (!existsSync(dataDir)) continue;
      for (const path of profileFolders(canonical(dataDir))) {
        const profile = readProfile(ctx, browserType, user.uid, path);
        if (profile !== null) out.push(profile);
      }
    }
  }
  return out;
}

function profileFolders(dataDir: string): string[] {
  if (isProfile(dataDir)) return [dataDir];
  return listDirectories(dataDir).map(canonical).filter(isProfile);
}

function isProfile(dir: string): boolean {
  return PREFERENCE_FILES.some((f) => isReadable(join(dir, f)));
}

function readProfile(ctx: QueryContext, browserType: string, uid: number, path: string): ChromeProfile | null {
  const texts = PREFERENCE_FILES.map((f) => readTextQuietly(join(path, f)));
  if (texts.some((t) => t === null) || texts.every((t) => t === '')) {
    ctx.errors.skip(`${path}: needs both Preferences and Secure Preferences`);
    return null;
  }
  const parsed = texts.map((t) => parsePTree(t ?? ''));
  if (parsed.some((p) => p === null)) {
    // osquery reads the referenced extensions from both files and drops a profile either of them breaks.
    ctx.errors.skip(`${path}: a preferences file does not parse`);
    return null;
  }
  const name = parsed.map((p) => childAt(p, 'profile.name')?.data ?? '').find((n) => n !== '') ?? '';
  if (name === '' && browserType !== 'opera') {
    ctx.errors.skip(`${path}: the profile has no name`);
    return null;
  }
  return { browserType, uid, path, name, preferences: parsed, extensions: extensionsOf(path, parsed) };
}

function extensionsOf(profilePath: string, preferences: ReadonlyArray<PNode | null>): ExtensionSnapshot[] {
  const found = new Map<string, ExtensionSnapshot>();
  for (const idDir of listDirectories(join(profilePath, 'Extensions'))) {
    for (const versionDir of listDirectories(idDir).map(canonical)) {
      const manifest = readTextQuietly(join(versionDir, 'manifest.json'));
      if (manifest !== null) found.set(versionDir, { path: versionDir, manifest, referenced: false });
    }
  }
  for (const path of preferences.flatMap((p) => referencedPaths(p, profilePath))) {
    const manifest = found.get(path)?.manifest ?? readTextQuietly(join(path, 'manifest.json'));
    if (manifest !== null) found.set(path, { path, manifest, referenced: true });
  }
  return [...found.values()].sort(
    (a, b) => Number(a.referenced) - Number(b.referenced) || a.path.localeCompare(b.path),
  );
}

/** `extensions.settings` (or Opera's `extensions.opsettings`): each entry's id and canonical extension path. */
export function extensionSettings(
  prefs: PNode | null,
  profilePath: string,
): Array<{ id: string; path: string; entry: PNode }> {
  const settings = childAt(prefs, 'extensions.settings') ?? childAt(prefs, 'extensions.opsettings');
  const out: Array<{ id: string; path: string; entry: PNode }> = [];
  for (const [id, entry] of settings?.children ?? []) {
    const path = childAt(entry, 'path');
    if (path === undefined || path.children.length > 0) continue;
    out.push({
      id,
      path: canonical(isAbsolute(path.data) ? path.data : join(profilePath, 'Extensions', path.data)),
      entry,
    });
  }
  return out;
}

function referencedPaths(prefs: PNode | null, profilePath: string): string[] {
  return extensionSettings(prefs, profilePath).map((s) => s.path);
}

export function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function listDirectories(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .map((n) => join(dir, n))
    .filter((p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    });
}

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
