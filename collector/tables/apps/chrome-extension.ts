/**
 * One Chromium extension as osquery's getExtensionFromSnapshot reads it: the manifest properties it copies (strings,
 * and `, `-joined string lists with their JSON), `__MSG_name__` values localized from
 * `_locales/<default_locale | current_locale | en>/messages.json`, the identifier computed from the manifest `key`,
 * the content scripts' (match, script) pairs and, for a referenced extension, its settings in the profile's
 * preferences (referenced_identifier, from_webstore, state, install_time).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readTextQuietly } from './read-quietly.js';
import type { ChromeProfile, ExtensionSnapshot } from './chrome-profiles.js';
import { extensionSettings } from './chrome-profiles.js';
import { childAt, parsePTree, textAt, writePTreeJson, type PNode } from './ptree-json.js';

const STRING_PROPERTIES: ReadonlyArray<readonly [string, string]> = [
  ['name', 'name'],
  ['update_url', 'update_url'],
  ['version', 'version'],
  ['author', 'author'],
  ['default_locale', 'default_locale'],
  ['current_locale', 'current_locale'],
  ['background.persistent', 'persistent'],
  ['description', 'description'],
  ['key', 'key'],
];
const LIST_PROPERTIES = ['permissions', 'optional_permissions'] as const;
const PROFILE_SETTINGS = ['from_webstore', 'state', 'install_time'] as const;
const MESSAGE_PREFIX = '__MSG_';
/** Seconds from 1601-01-01 (WebKit/Windows epoch) to 1970-01-01. */
const WEBKIT_EPOCH_OFFSET = 11644473600n;

export interface ChromeExtension {
  readonly path: string;
  readonly referenced: boolean;
  readonly manifestHash: string;
  readonly manifestJson: string;
  readonly properties: ReadonlyMap<string, string>;
  /** The identifier derived from the manifest key; '' when there is no usable key. */
  readonly identifier: string;
  readonly contentScripts: ReadonlyArray<{ match: string; script: string }>;
  readonly settings: ReadonlyMap<string, string>;
}

/** null when the manifest does not parse (osquery logs and skips the extension). */
export function readExtension(profile: ChromeProfile, snapshot: ExtensionSnapshot): ChromeExtension | null {
  const manifest = parsePTree(snapshot.manifest);
  if (manifest === null) return null;
  const properties = localize(manifestProperties(manifest), snapshot.path);
  return {
    path: snapshot.path,
    referenced: snapshot.referenced,
    manifestHash: createHash('sha256').update(snapshot.manifest).digest('hex'),
    manifestJson: writePTreeJson(manifest),
    properties,
    identifier: extensionIdentifier(properties.get('key')),
    contentScripts: contentScripts(manifest),
    settings: snapshot.referenced ? profileSettings(profile, snapshot.path) : new Map(),
  };
}

function manifestProperties(manifest: PNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, name] of STRING_PROPERTIES) {
    const value = textAt(manifest, path);
    if (value !== undefined) out.set(name, value);
  }
  for (const name of LIST_PROPERTIES) {
    const node = childAt(manifest, name);
    if (node === undefined) continue;
    out.set(name, node.children.map(([, c]) => c.data).join(', '));
    out.set(`${name}_json`, writePTreeJson(node));
  }
  return out;
}

/** Replaces `__MSG_x__` values by `x.message` of the locale's messages.json; unchanged when it has none. */
function localize(properties: Map<string, string>, extensionPath: string): Map<string, string> {
  if (![...properties.values()].some((v) => v.startsWith(MESSAGE_PREFIX))) return properties;
  const locale = properties.get('default_locale') ?? properties.get('current_locale') ?? 'en';
  const messages = parsePTree(readTextQuietly(join(extensionPath, '_locales', locale, 'messages.json')) ?? '');
  if (messages === null) return properties;
  for (const [name, value] of properties) {
    if (!value.startsWith(MESSAGE_PREFIX)) continue;
    const key = value.slice(MESSAGE_PREFIX.length, value.length - 2);
    const message = childAt(childAt(messages, key), 'message');
    if (message !== undefined) properties.set(name, message.data);
  }
  return properties;
}

/**
 * Chrome's extension id: the first 128 bits of SHA-256 over the DER public key (the manifest `key`, base64), each
 * hex digit mapped to a letter a–p.
 */
export function extensionIdentifier(key: string | undefined): string {
  if (key === undefined) return '';
  const der = Buffer.from(key, 'base64');
  if (der.length === 0) return '';
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(0x61 + parseInt(d, 16))).join('');
}

/** One pair per match × js entry of each content_scripts item that has both. */
function contentScripts(manifest: PNode): Array<{ match: string; script: string }> {
  const out: Array<{ match: string; script: string }> = [];
  for (const [, entry] of childAt(manifest, 'content_scripts')?.children ?? []) {
    const matches = childAt(entry, 'matches');
    const scripts = childAt(entry, 'js');
    if (matches === undefined || scripts === undefined) continue;
    for (const [, match] of matches.children) {
      for (const [, script] of scripts.children) out.push({ match: match.data, script: script.data });
    }
  }
  return out;
}

/** The settings of the entry whose path is this extension's, from Preferences, else Secure Preferences. */
function profileSettings(profile: ChromeProfile, extensionPath: string): Map<string, string> {
  for (const prefs of profile.preferences) {
    const setting = extensionSettings(prefs, profile.path).find((s) => s.path === extensionPath);
    if (setting === undefined) continue;
    const out = new Map([['referenced_identifier', setting.id]]);
    for (const name of PROFILE_SETTINGS) {
      const value = childAt(setting.entry, name);
      if (value !== undefined) out.set(name, value.data);
    }
    return out;
  }
  return new Map();
}

/** WebKit time (microseconds since 1601) as Unix seconds; 0 when not a number or before 1970, as osquery. */
export function webkitToUnix(text: string | undefined): number {
  if (text === undefined || !/^-?\d+$/.test(text)) return 0;
  const seconds = BigInt(text) / 1000000n - WEBKIT_EPOCH_OFFSET;
  return seconds < 0n ? 0 : Number(seconds);
}
