/**
 * `firefox_addons`, as osquery's genFirefoxAddons: for each user, each Firefox profile's extensions.json, one row per
 * entry of its `addons` array. osquery takes every folder under ~/.mozilla/firefox as a profile; Osprey also takes
 * the profiles that ~/.mozilla/firefox/profiles.ini names (Path=, relative to that folder when IsRelative=1), so a
 * profile kept elsewhere is read too. Values are read as osquery's ptree reads them (booleans as 1/0 through its
 * jsonBoolAsInt), and `disabled` is 1 when softDisable, appDisabled or userDisabled is true.
 */
import { isAbsolute, join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { isDirectory, listNames } from '../lib/dir.js';
import { splitLines } from '../lib/read.js';
import { readTextQuietly } from './read-quietly.js';
import { canonical } from './chrome-profiles.js';
import { childAt, parsePTree, textAt, type PNode } from './ptree-json.js';

const FIREFOX_DIR = '.mozilla/firefox';

/** manifest key → column, as osquery's kFirefoxAddonKeys. */
const ADDON_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['defaultLocale.name', 'name'],
  ['id', 'identifier'],
  ['type', 'type'],
  ['version', 'version'],
  ['defaultLocale.creator', 'creator'],
  ['defaultLocale.description', 'description'],
  ['sourceURI', 'source_url'],
  ['visible', 'visible'],
  ['active', 'active'],
  ['applyBackgroundUpdates', 'autoupdate'],
  ['location', 'location'],
  ['path', 'path'],
];
const INTEGER_COLUMNS = new Set(['visible', 'active', 'autoupdate']);
const DISABLE_KEYS = ['softDisable', 'appDisabled', 'userDisabled'];

export function genFirefoxAddons(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    for (const profile of firefoxProfiles(join(root + user.directory, FIREFOX_DIR))) {
      const text = readTextQuietly(join(profile, 'extensions.json'));
      if (text === null) continue;
      const addons = childAt(parsePTree(text), 'addons');
      if (addons === undefined) {
        ctx.errors.skip(`${profile}/extensions.json: no addons list`);
        continue;
      }
      for (const [, addon] of addons.children) rows.push({ uid: user.uid, ...addonRow(addon) });
    }
  }
  return rows;
}

export function addonRow(addon: PNode): Row {
  const row: Row = {};
  for (const [key, column] of ADDON_KEYS) {
    const value = jsonBoolAsInt(textAt(addon, key) ?? '');
    row[column] = INTEGER_COLUMNS.has(column) ? (/^-?\d+$/.test(value) ? Number(value) : null) : value;
  }
  row.disabled = DISABLE_KEYS.some((k) => textAt(addon, k) === 'true') ? 1 : 0;
  return row;
}

const TRUE_WORDS = new Set(['1', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'f', 'false', 'n', 'no']);

/** osquery's jsonBoolAsInt: any text tryTo<bool> accepts becomes "1" or "0". */
function jsonBoolAsInt(text: string): string {
  const lower = text.toLowerCase();
  if (TRUE_WORDS.has(lower)) return '1';
  if (FALSE_WORDS.has(lower)) return '0';
  return text;
}

/** Every folder under the Firefox folder, and every profile profiles.ini names; each once. */
export function firefoxProfiles(firefoxDir: string): string[] {
  const found = new Set<string>();
  for (const name of listNames(firefoxDir)) {
    const path = join(firefoxDir, name);
    if (isDirectory(path)) found.add(canonical(path));
  }
  for (const path of profilesIniPaths(firefoxDir)) if (isDirectory(path)) found.add(canonical(path));
  return [...found];
}

/** The Path= of each [Profile*] section, resolved against the Firefox folder when IsRelative=1 (the default). */
export function profilesIniPaths(firefoxDir: string): string[] {
  const text = readTextQuietly(join(firefoxDir, 'profiles.ini'));
  if (text === null) return [];
  const paths: string[] = [];
  let section: { path?: string; relative: boolean } | null = null;
  const flush = (): void => {
    if (section?.path !== undefined)
      paths.push(section.relative && !isAbsolute(section.path) ? join(firefoxDir, section.path) : section.path);
  };
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      flush();
      section = /^\[Profile\d+\]$/i.test(line) ? { relative: true } : null;
      continue;
    }
    const eq = line.indexOf('=');
    if (section === null || eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'Path') section.path = value;
    else if (key === 'IsRelative') section.relative = value !== '0';
  }
  flush();
  return paths;
}
