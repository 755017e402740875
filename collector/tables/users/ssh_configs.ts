/**
 * `ssh_configs`: the options of each user's ~/.ssh/config and of the system-wide /etc/ssh/ssh_config (as uid 0),
 * each under the `Host` or `Match` line that opens its block ('' before the first block). Like osquery's
 * getSshConfigs, every line is trimmed and lowercased and comments are dropped; a user's file is read only when the
 * user owns it (readUserFile), the system file as it is.
 */
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { isGone, readText, splitLines } from '../lib/read.js';
import { readUserFile } from './authorized_keys.js';

const USER_CONFIG = '.ssh/config';
const SYSTEM_CONFIG = '/etc/ssh/ssh_config';

/** `root` re-roots every absolute path (tests point it at a temporary tree). */
export function genSshConfigs(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    const file = join(user.directory, USER_CONFIG);
    const text = readUserFile(ctx, root + file, user.uid);
    if (text !== null) rows.push(...parseSshConfig(text, user.uid, file));
  }
  const system = readSystemConfig(ctx, root + SYSTEM_CONFIG);
  if (system !== null) rows.push(...parseSshConfig(system, 0, SYSTEM_CONFIG));
  return rows;
}

/** One row per option line, under the block that holds it. */
export function parseSshConfig(text: string, uid: number, file: string): Row[] {
  const rows: Row[] = [];
  let block = '';
  for (const raw of splitLines(text)) {
    const line = raw.trim().toLowerCase();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('host ') || line.startsWith('match ')) block = line;
    else rows.push({ uid, block, option: line, ssh_config_file: file });
  }
  return rows;
}

function readSystemConfig(ctx: QueryContext, path: string): string | null {
  try {
    return readText(path);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
