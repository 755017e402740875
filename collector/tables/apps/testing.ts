/**
 * Test helper: a private copy of fixtures/root (an /etc/passwd and the users' homes) whose absolute paths inside
 * preference files (`@ROOT@`) point into the copy, so extensions referenced from outside a profile resolve there.
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../../common/paths.js';
import type { Constraint } from '../../engine/spec.js';
import { createQueryContext } from '../../engine/context.js';

export interface FixtureRoot {
  readonly root: string;
  cleanup(): void;
}

export function makeFixtureRoot(filesWithRootMarker: readonly string[] = []): FixtureRoot {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'osprey-apps-')));
  cpSync(fromRoot('collector/tables/apps/fixtures/root'), root, { recursive: true });
  for (const file of filesWithRootMarker) {
    const path = join(root, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('@ROOT@', root));
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export const appsContext = (table: string, constraints: Constraint[] = []) =>
  createQueryContext({ table, constraints });
