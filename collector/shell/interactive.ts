/**
 * The interactive prompt (stdin is a terminal): osqueryi's banner, `osquery> ` / `    ...> ` prompts (coloured when
 * TERM has xterm-256color), tab completion, and history kept across runs. Ctrl-C or Ctrl-D at the prompt ends the
 * session as linenoise does, after a newline.
 */
import { createInterface } from 'node:readline';
import { completeLine } from './complete.js';
import { historyPath, loadHistory, saveHistory, shellHomeDirectory } from './history.js';
import { InputProcessor } from './input.js';
import type { ShellSession } from './session.js';

export interface Prompts {
  main: string;
  continuation: string;
}

export function promptsFor(term: string | undefined): Prompts {
  if (term?.includes('xterm-256color')) {
    return { main: '\x1b[38;5;147mosquery> \x1b[0m', continuation: '\x1b[38;5;147m    ...> \x1b[0m' };
  }
  return { main: 'osquery> ', continuation: '    ...> ' };
}

export function banner(session: ShellSession): string {
  return `Using a ${session.bold('virtual database')}. Need help, type '.help'\n`;
}

export interface TerminalStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether readline drives the terminal (line editing, completion); true for a TTY. */
  terminal: boolean;
}

/** Runs the prompt loop until end of input or `.quit`; resolves to the exit code. */
export async function runInteractive(session: ShellSession, streams: TerminalStreams): Promise<number> {
  const processor = new InputProcessor(session);
  const prompts = promptsFor(process.env.TERM);
  const path = historyPath(shellHomeDirectory());
  const history = loadHistory(path);
  session.output.out(banner(session));
  const rl = createInterface({
    input: streams.input,
    output: streams.output,
    terminal: streams.terminal,
    historySize: 100,
    history: [...history].reverse(),
    removeHistoryDuplicates: false,
    completer: (line: string) => completeLine(line, session.engine),
  });
  rl.on('SIGINT', () => rl.close());
  const done = new Promise<void>((resolve) => rl.once('close', resolve));
  const prompt = (): void => {
    rl.setPrompt(processor.continuing ? prompts.continuation : prompts.main);
    rl.prompt();
  };
  rl.on('line', (line) => {
    processor.feedLine(line);
    if (processor.wantsMore) prompt();
    else rl.close();
  });
  prompt();
  await done;
  if (processor.wantsMore) session.output.out('\n');
  processor.finish();
  saveTerminalHistory(path, rl, history, streams.terminal);
  return processor.exitCode;
}

/** readline keeps history newest first and only on a terminal; the file keeps it oldest first. */
function saveTerminalHistory(
  path: string,
  rl: ReturnType<typeof createInterface>,
  before: string[],
  terminal: boolean,
): void {
  const current = (rl as unknown as { history?: string[] }).history;
  const entries = terminal && current ? [...current].reverse() : before;
  try {
    saveHistory(path, entries);
  } catch {
    // An unwritable home directory costs the history, never the session.
  }
}
