/**
 * A scratch copy of the source tree under os.tmpdir(), for tests that run an npm script exactly as the README gives
 * it when that script rebuilds dist/ (`npm run package`, `npm run docs`): run in the real tree, the rebuild would pull
 * dist/ away from the test files running beside it. node_modules is linked, the native addon copied (it is built
 * once, by `npm install`, not by `npm run build`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';

/** Built or installed output, and version control: everything else is the source a user has after a clone. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'build', '.git', 'tmp']);

export interface ScratchTree {
  /** The copy's root: run npm scripts with this as the working directory. */
  readonly root: string;
  remove(): void;
}

export function copySourceTree(): ScratchTree {
  const root = mkdtempSync(join(tmpdir(), 'osprey-tree-'));
  const source = fromRoot();
  for (const entry of readdirSync(source)) {
    if (!NOT_COPIED.has(entry))
      cpSync(join(source, entry), join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  symlinkSync(realpathSync(join(source, 'node_modules')), join(root, 'node_modules'));
  const release = join(source, 'build/Release');
  if (existsSync(release)) {
    mkdirSync(join(root, 'build/Release'), { recursive: true });
    for (const addon of readdirSync(release).filter((name) => name.endsWith('.node'))) {
      cpSync(join(release, addon), join(root, 'build/Release', addon));
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
