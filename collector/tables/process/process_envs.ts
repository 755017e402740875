/**
 * `process_envs`: the environment each process started with, from the NUL-separated /proc/<pid>/environ
 * (osquery's genProcessEnvironment). Without ptrace rights (another user's process, or a process in another user
 * namespace) the pid is skipped and counted.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC, pidsFromContext } from '../lib/proc.js';
import { isGone, readText } from '../lib/read.js';

export function genProcessEnvs(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  for (const pid of pidsFromContext(ctx)) {
    let content: string;
    try {
      content = readText(`${PROC}/${pid}/environ`);
    } catch (err) {
      // Kernel threads answer ESRCH (they have no environment) and exited processes ENOENT: no rows, no error.
      if (!isGone(err)) ctx.errors.skip(`cannot read ${PROC}/${pid}/environ`, err);
      continue;
    }
    for (const [key, value] of parseEnviron(content)) rows.push({ pid, key, value });
  }
  return rows;
}

/**
 * Splits environ content into key/value pairs. Like osquery it stops at the first empty entry and splits on the
 * first '='; an entry without '=' becomes a key with an equal value (osquery's substr(npos + 1) quirk is avoided:
 * the value is '' instead).
 */
export function parseEnviron(content: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of content.split('\0')) {
    if (entry === '') break;
    const eq = entry.indexOf('=');
    out.push(eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)]);
  }
  return out;
}
