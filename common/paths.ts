import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The repository (or installed package) root: the nearest folder above this file holding package.json. Works the
 * same from TypeScript sources (tsx) and from dist/.
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Osprey package root (no package.json above common/).');
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

export function fromRoot(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}

/** Creates a directory readable by its owner only (0700), as everything Osprey writes is private. */
export function mkdirPrivate(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Writes a file readable by its owner only (0600). */
export function writePrivate(path: string, data: string | Uint8Array): void {
  mkdirPrivate(dirname(path));
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600);
}
