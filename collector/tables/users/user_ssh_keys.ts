/**
 * `user_ssh_keys`: every private key among the regular files directly in each user's ~/.ssh (osquery's
 * genSSHkeyForHosts), whether it is encrypted, and its type and strength (private-key.ts). Files that are not
 * private keys (public keys, known_hosts, config) give no row. A file is read only when its user owns it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { namespaceRoots } from '../lib/namespace.js';
import { isGone } from '../lib/read.js';
import { readUserFile } from './authorized_keys.js';
import { describePrivateKey } from './private-key.js';

/** Private keys are small; a larger file in ~/.ssh is not read (a key file is a few KiB at most). */
const MAX_KEY_FILE = 1 << 20;

/** `root` re-roots every absolute path (tests point it at a temporary tree). */
export function genUserSshKeys(ctx: QueryContext, root?: string): Row[] {
  const rows: Row[] = [];
  for (const ns of namespaceRoots(ctx)) {
    const base = root ?? ns.root;
    for (const user of usersFromContext(ctx, base)) {
      const dir = join(user.directory, '.ssh');
      for (const name of listDir(ctx, base + dir)) {
        const path = join(dir, name);
        const text = readUserFile(ctx, base + path, user.uid);
        if (text === null || text.length > MAX_KEY_FILE || !text.includes('PRIVATE KEY')) continue;
        const key = describePrivateKey(text);
        if (key === null) continue;
        rows.push({
          uid: user.uid,
          path,
          encrypted: key.encrypted ? 1 : 0,
          key_type: key.keyType,
          key_group_name: key.groupName,
          key_length: key.length,
          key_security_bits: key.securityBits,
          pid_with_namespace: ns.pidWithNamespace,
        });
      }
    }
  }
  return rows;
}

function listDir(ctx: QueryContext, dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list ${dir}`, err);
    return [];
  }
}
