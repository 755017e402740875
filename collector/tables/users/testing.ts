/**
 * Test helper: a private copy of fixtures/root whose home directories belong to the users the fixture passwd
 * names (alice 1000, bob 1001), as the user-file tables only read files their user owns. Needs root to chown.
 */
import { chownSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../../common/paths.js';

export const FIXTURE_UIDS = { alice: 1000, bob: 1001 } as const;
export const canChown = process.getuid?.() === 0;

export interface UserRoot {
  readonly root: string;
  cleanup(): void;
}

export function makeUserRoot(): UserRoot {
  const root = mkdtempSync(join(tmpdir(), 'osprey-users-'));
  cpSync(fromRoot('collector/tables/users/fixtures/root'), root, { recursive: true });
  for (const [name, uid] of Object.entries(FIXTURE_UIDS)) chownTree(join(root, 'home', name), uid);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (!statSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), uid);
}
