/**
 * `authorized_keys`: ~/.ssh/authorized_keys and authorized_keys2 of each user (osquery's getAuthorizedKeys, with
 * the options/algorithm/key/comment split of current osquery, authorized-key-line.ts). uid constraints choose the
 * users. Lines are trimmed and blank ones dropped, as osquery's split() does.
 */
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { namespaceRoots } from '../lib/namespace.js';
import { readUserOwnedText, splitLines } from '../lib/read.js';
import { authorizedKeyFields } from './authorized-key-line.js';

const KEY_FILES = ['.ssh/authorized_keys', '.ssh/authorized_keys2'];

/** `root` re-roots every absolute path (tests point it at a temporary tree). */
export function genAuthorizedKeys(ctx: QueryContext, root?: string): Row[] {
  const rows: Row[] = [];
  for (const ns of namespaceRoots(ctx)) {
    const base = root ?? ns.root;
    for (const user of usersFromContext(ctx, base)) {
      for (const name of KEY_FILES) {
        const keyFile = join(user.directory, name);
        const text = readUserFile(ctx, base + keyFile, user.uid);
        if (text === null) continue;
        splitLines(text).forEach((raw, i) => {
          const line = raw.trim();
          if (line === '' || line.startsWith('#')) return;
          const key = authorizedKeyFields(line);
          if (key === null) ctx.errors.skip(`no key osquery reads on line ${i + 1} of ${keyFile}`);
          else rows.push({ uid: user.uid, ...key, key_file: keyFile, pid_with_namespace: ns.pidWithNamespace });
        });
      }
    }
  }
  return rows;
}

/**
 * A file in a user's home, read only if it is a regular file the user owns (see readUserOwnedText): absent =
 * null; unreadable or refused = counted skip and null (the query goes on).
 */
export function readUserFile(ctx: QueryContext, path: string, uid: number): string | null {
  try {
    return readUserOwnedText(path, uid);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
