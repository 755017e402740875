/** Osprey's version, read once from package.json: the one place it is written down. */
import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

export const VERSION: string = readVersion();

/**
 * The osquery release whose config semantics and TLS API Osprey implements. Packs gate queries with `"version"`
 * against osquery's version numbers, so that is what they are compared with (not Osprey's own version).
 */
export const OSQUERY_COMPAT_VERSION = '5.23.0';
