/**
 * `shell_history`: each user's shell history files (osquery's genShellHistory): bash `#<epoch>` timestamp lines
 * date the next command, zsh extended history `: <epoch>:<secs>;<cmd>` carries its own, others get time 0.
 */
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { splitLines } from '../lib/read.js';
import { readUserFile } from './authorized_keys.js';

const HISTORY_FILES = ['.bash_history', '.zsh_history', '.zhistory', '.history', '.sh_history'];
const BASH_TIMESTAMP = /^#(\d+)$/;
const ZSH_EXTENDED = /^: {0,10}(\d{1,11}):\d+;(.*)$/;

/** `root` re-roots every absolute path (tests point it at a temporary tree). */
export function genShellHistory(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    for (const name of HISTORY_FILES) {
      const historyFile = join(user.directory, name);
      const text = readUserFile(ctx, root + historyFile, user.uid);
      if (text === null) continue;
      for (const entry of parseHistory(text)) rows.push({ uid: user.uid, ...entry, history_file: historyFile });
    }
  }
  return rows;
}

/** Parses one history file's text into timed commands, as osquery does line by line. */
export function parseHistory(text: string): Array<{ time: number; command: string }> {
  const out: Array<{ time: number; command: string }> = [];
  let pendingBashTime: number | null = null;
  for (const line of splitLines(text)) {
    const bash: RegExpExecArray | null = pendingBashTime === null ? BASH_TIMESTAMP.exec(line) : null;
    if (bash) {
      pendingBashTime = Number(bash[1]);
      continue;
    }
    if (pendingBashTime !== null) {
      out.push({ time: pendingBashTime, command: line });
      pendingBashTime = null;
      continue;
    }
    const zsh = ZSH_EXTENDED.exec(line);
    out.push(zsh ? { time: Number(zsh[1]), command: zsh[2] ?? '' } : { time: 0, command: line });
  }
  return out;
}
