/** `known_hosts`: each user's ~/.ssh/known_hosts, one row per key line (osquery's getKnownHostsKeys). */
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { splitLines } from '../lib/read.js';
import { readUserFile } from './authorized_keys.js';
import { isKeyLine } from './ssh_keys.js';

/** `root` re-roots every absolute path (tests point it at a temporary tree). */
export function genKnownHosts(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    const keyFile = join(user.directory, '.ssh/known_hosts');
    const text = readUserFile(ctx, root + keyFile, user.uid);
    if (text === null) continue;
    for (const line of splitLines(text)) {
      if (isKeyLine(line)) rows.push({ uid: user.uid, key: line, key_file: keyFile });
    }
  }
  return rows;
}
