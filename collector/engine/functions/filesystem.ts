/**
 * osquery's command-line path functions (osquery/sql/sqlite_filesystem.cpp) and `sleep`.
 * find_file_path_in_cmd(cmd [, allow_quoting [, escape]]) is the shortest leading piece of a command line that names
 * an existing non-directory file (spaces end a candidate unless quoted or escaped); is_path_deterministic(...) is 1
 * when the shortest and the longest such piece are the same (or none exists), so the command cannot be read as a
 * different program.
 */
import { statSync } from 'node:fs';

type Value = string | number | bigint | Buffer | null;

const text = (value: Value): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));

function isExistingFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** osquery's findExistingProgramPathFromCommand: '' when no leading piece exists. */
export function programPathFromCommand(
  command: string,
  escape: string,
  allowQuoting: boolean,
  shortest: boolean,
): string {
  let pos = 0;
  while (pos < command.length && /\s/.test(command[pos] as string)) pos++;
  let result = '';
  let candidate = '';
  let quoted = false;
  let escaped = false;
  for (; pos < command.length; pos++) {
    const ch = command[pos] as string;
    if (escaped) {
      candidate += ch;
      escaped = false;
      continue;
    }
    if (allowQuoting && ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (ch === escape) {
      escaped = true;
      continue;
    }
    if (!quoted && /\s/.test(ch) && isExistingFile(candidate)) {
      result = candidate;
      if (shortest) break;
    }
    candidate += ch;
  }
  if ((result === '' || !shortest) && isExistingFile(candidate)) result = candidate;
  return result;
}

/** The arguments as osquery reads them; undefined where osquery reports "Invalid inputs" (a NULL, a long escape). */
function commandArgs(args: Value[]): { command: string; escape: string; quoting: boolean } | undefined {
  if (args.length === 0 || args.some((a) => a === null)) return undefined;
  const escape = args.length > 2 ? text(args[2] as Value) : '\\';
  if (escape.length !== 1) return undefined;
  return { command: text(args[0] as Value), escape, quoting: args.length > 1 && Number(args[1]) !== 0 };
}

export function findFilePathInCmd(...args: Value[]): string {
  const parsed = commandArgs(args);
  if (parsed === undefined) throw new Error('Invalid inputs to find_binary_path_from_cmd');
  return programPathFromCommand(parsed.command, parsed.escape, parsed.quoting, true);
}

export function isPathDeterministic(...args: Value[]): number {
  const parsed = commandArgs(args);
  if (parsed === undefined) throw new Error('Invalid inputs to is_path_deterministic');
  const shortest = programPathFromCommand(parsed.command, parsed.escape, parsed.quoting, true);
  if (shortest === '' || shortest.length === parsed.command.length) return 1;
  return shortest.length === programPathFromCommand(parsed.command, parsed.escape, parsed.quoting, false).length
    ? 1
    : 0;
}

/** sleep(seconds): blocks the query that long (osquery's test helper function), answering NULL. */
export function sleep(seconds: Value): null {
  const ms = seconds === null ? 0 : Number(seconds) * 1000;
  if (Number.isFinite(ms) && ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return null;
}
