/**
 * osqueryi's meta-commands (`.mode`, `.tables`, …) run against a session. Return codes follow `do_meta_command`:
 * 0 done, 1 error (counted as a failed statement), 2 leave the shell; `.exit N` with N ≠ 0 leaves with code N.
 */
import { HELP_TEXT } from './help.js';
import {
  booleanValue,
  integerValue,
  matchMetaCommand,
  tokenizeMeta,
  unknownCommandMessage,
} from './meta-parse.js';
import { showText } from './show.js';
import type { OutputMode } from './render.js';
import type { ShellSession } from './session.js';
import { truncateBytes } from './text.js';

export interface MetaOutcome {
  rc: number;
  /** Set by `.exit N` (N ≠ 0): the process exit code. */
  exitCode?: number;
}

/** `.mode` words: exact spellings only; `.mode csv` also sets the separator to `,`. */
const MODES: Record<string, OutputMode> = {
  line: 'line', lines: 'line', column: 'column', columns: 'column', list: 'list', pretty: 'pretty', csv: 'csv',
};

/** sqlite's fixed 20-byte buffers for `.separator` and `.nullvalue`. */
const SETTING_MAX_BYTES = 19;

export function runMeta(session: ShellSession, line: string): MetaOutcome {
  const words = tokenizeMeta(line);
  if (words.length === 0) return { rc: 0 };
  const args = words.slice(1);
  const s = session.settings;
  const { out, err } = session.output;
  const bool = (word: string): boolean => {
    const parsed = booleanValue(word);
    if (parsed.warning) err(`${parsed.warning}\n`);
    return parsed.value;
  };
  switch (matchMetaCommand(words)) {
    case 'all':
      return { rc: selectAll(session, args[0] ?? '') };
    case 'socket':
      out(`${session.flags.get('extensions_socket') ?? ''}\n`);
      return { rc: 0 };
    case 'connect':
      err(`Error: Osprey does not connect to extension sockets: ${args[0] ?? ''}\n`);
      return { rc: 1 };
    case 'disconnect':
      err('Error: Not connected to a socket\n');
      return { rc: 1 };
    case 'bail':
      s.bail = bool(args[0] ?? '');
      return { rc: 0 };
    case 'echo':
      s.echo = bool(args[0] ?? '');
      return { rc: 0 };
    case 'exit': {
      const code = args[0] === undefined ? 0 : integerValue(args[0]);
      return code !== 0 ? { rc: 2, exitCode: code & 0xff } : { rc: 2 };
    }
    case 'features':
      features(session);
      return { rc: 0 };
    case 'headers':
      s.header = bool(args[0] ?? '');
      return { rc: 0 };
    case 'help':
      err(HELP_TEXT);
      return { rc: 0 };
    case 'mode':
      return { rc: setMode(session, args[0] ?? '') };
    case 'nullvalue':
      s.nullvalue = truncateBytes(args[0] ?? '', SETTING_MAX_BYTES);
      return { rc: 0 };
    case 'print':
      out(`${args.join(' ')}\n`);
      return { rc: 0 };
    case 'quit':
      return { rc: 2 };
    case 'schema':
      for (const statement of session.engine.schema(args[0])) out(`${statement}\n`);
      return { rc: 0 };
    case 'separator':
      s.separator = truncateBytes(args[0] ?? '', SETTING_MAX_BYTES);
      return { rc: 0 };
    case 'show':
      out(showText(session));
      return { rc: 0 };
    case 'tables':
      for (const table of session.engine.tables()) {
        if (args[0] === undefined || table.name.startsWith(args[0])) out(`  => ${table.name}\n`);
      }
      return { rc: 0 };
    case 'timeout':
      // SQLite's busy timeout: the engine's in-memory database never waits on a lock, so there is nothing to set.
      return { rc: 0 };
    case 'timer':
      s.timer = bool(args[0] ?? '');
      return { rc: 0 };
    case 'version':
      out(`osquery ${session.engine.services.version}\nusing SQLite ${session.engine.sqliteVersion}\n`);
      return { rc: 0 };
    case 'width':
      s.widths = args.slice(0, 100).map((w) => integerValue(w));
      return { rc: 0 };
    case undefined:
      err(`${unknownCommandMessage(words[0] ?? '')}\n`);
      return { rc: 1 };
  }
}

/** `.all TABLE`: `SELECT * FROM TABLE` in the current mode; osqueryi reports only the table name on failure. */
function selectAll(session: ShellSession, table: string): number {
  const outcome = session.runSql(`SELECT * FROM ${table}`, { ...session.settings });
  if (outcome.rc !== 0) session.output.err(`Error querying table: ${table}\n`);
  return outcome.rc;
}

function setMode(session: ShellSession, word: string): number {
  const mode = MODES[word];
  if (mode === undefined) {
    session.output.err('Error: mode should be one of: column csv line list pretty\n');
    return 1;
  }
  session.settings.mode = mode;
  if (mode === 'csv') session.settings.separator = ',';
  return 0;
}

/**
 * `.features`: osquery's boolean `disable_*` / `enable_*` flags with their values. osqueryi reads them from
 * osquery_flags, whose rows are the flag registry's list; we read the registry itself, so the command works even
 * when that table is not built in.
 */
function features(session: ShellSession): void {
  for (const row of session.flags.list()) {
    if (row.type === 'bool' && (row.name.startsWith('disable_') || row.name.startsWith('enable_'))) {
      session.output.out(`${row.name}: ${row.value}\n`);
    }
  }
}
