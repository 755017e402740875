/** Osprey's version, read once from package.json: the one place it is written down. */
import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

export const VERSION: string = readVersion();
