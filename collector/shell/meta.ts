/**
 * osqueryi's meta-commands (`.mode`, `.tables`, …) run against a session. Return codes follow `do_meta_command`:
 * 0 done, 1 error (counted as a failed statement), 2 leave the shell; `.exit N` with N ≠ 0 leaves with code N.
 */
import { HELP_TEXT } from './help.js';
import {
  booleanValue,
  integerValue,
  matchMetaCommand,
  type MetaCommandName,
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
  line: 'line',
  lines: 'line',
  column: 'column',
  columns: 'column',
  list: 'list',
  pretty: 'pretty',
  csv: 'csv',
};

/** sqlite's fixed 20-byte buffers for `.separator` and `.nullvalue`. */
const SETTING_MAX_BYTES = 19;

interface MetaContext {
  session: ShellSession;
  args: string[];
  /** The line after the command word, unparsed (for `.types SQL`). */
  rest: string;
  out(text: string): void;
  err(text: string): void;
  /** osqueryi's `booleanValue`, warning on stderr about a word it does not know. */
  bool(word: string | undefined): boolean;
}

const OK: MetaOutcome = { rc: 0 };

type Handler = (c: MetaContext) => MetaOutcome;

const HANDLERS: Record<MetaCommandName, Handler> = {
  all: (c) => ({ rc: selectAll(c.session, c.args[0] ?? '') }),
  socket: (c) => (c.out(`${c.session.flags.get('extensions_socket') ?? ''}\n`), OK),
  connect: (c) => (c.err(`Error: Osprey does not connect to extension sockets: ${c.args[0] ?? ''}\n`), { rc: 1 }),
  disconnect: (c) => (c.err('Error: Not connected to a socket\n'), { rc: 1 }),
  bail: (c) => ((c.session.settings.bail = c.bool(c.args[0])), OK),
  echo: (c) => ((c.session.settings.echo = c.bool(c.args[0])), OK),
  exit: (c) => {
    const code = c.args[0] === undefined ? 0 : integerValue(c.args[0]);
    return code !== 0 ? { rc: 2, exitCode: code & 0xff } : { rc: 2 };
  },
  features: (c) => (features(c.session), OK),
  headers: (c) => ((c.session.settings.header = c.bool(c.args[0])), OK),
  help: (c) => (c.err(HELP_TEXT), OK),
  mode: (c) => ({ rc: setMode(c.session, c.args[0] ?? '') }),
  nullvalue: (c) => ((c.session.settings.nullvalue = truncateBytes(c.args[0] ?? '', SETTING_MAX_BYTES)), OK),
  print: (c) => (c.out(`${c.args.join(' ')}\n`), OK),
  quit: () => ({ rc: 2 }),
  schema: (c) => {
    for (const statement of c.session.engine.schema(c.args[0])) c.out(`${statement}\n`);
    return OK;
  },
  separator: (c) => ((c.session.settings.separator = truncateBytes(c.args[0] ?? '', SETTING_MAX_BYTES)), OK),
  show: (c) => (c.out(showText(c.session)), OK),
  tables: (c) => {
    const prefix = c.args[0] ?? '';
    for (const table of c.session.engine.tables()) if (table.name.startsWith(prefix)) c.out(`  => ${table.name}\n`);
    return OK;
  },
  // SQLite's busy timeout: the engine's private in-memory database never waits on a lock; nothing to set.
  timeout: () => OK,
  timer: (c) => ((c.session.settings.timer = c.bool(c.args[0])), OK),
  // `.types SQL` on one line (a positional argument, or a line the input reader hands over whole).
  types: (c) => (c.session.showTypes(c.rest), OK),
  version: (c) => (
    c.out(`osquery ${c.session.engine.services.version}\nusing SQLite ${c.session.engine.sqliteVersion}\n`),
    OK
  ),
  width: (c) => ((c.session.settings.widths = c.args.slice(0, 100).map((w) => integerValue(w))), OK),
};

export function runMeta(session: ShellSession, line: string): MetaOutcome {
  const words = tokenizeMeta(line);
  if (words.length === 0) return OK;
  const { out, err } = session.output;
  const name = matchMetaCommand(words);
  if (name === undefined) {
    err(`${unknownCommandMessage(words[0] ?? '')}\n`);
    return { rc: 1 };
  }
  const bool = (word: string | undefined): boolean => {
    const parsed = booleanValue(word ?? '');
    if (parsed.warning) err(`${parsed.warning}\n`);
    return parsed.value;
  };
  const rest = line.trimStart().replace(/^\S+\s*/, '');
  return HANDLERS[name]({ session, args: words.slice(1), rest, out, err, bool });
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
