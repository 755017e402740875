/**
 * What every `osprey` subcommand is: a leaf module, so that command files import their type from here and the
 * registry (cli/commands.ts) imports the command files, with no cycle between them. The help text, the usage errors
 * and the shell completion are all made from these fields (cli/help.ts, cli/completion.ts).
 */
import type { Completion, FlagSpecs } from './command-flags.js';

export interface Command {
  /** What follows `Usage: ` (`osprey ship zeek|suricata PATH [flags]`). */
  readonly usage: string;
  /** A sentence or two on what the command does. */
  readonly description: string;
  /** One real command line, as a user would type it. */
  readonly example: string;
  /** Every flag the command parses; `--help`/`-h` are the CLI's own and not listed here. */
  readonly flags: FlagSpecs;
  /** Said after the flags (flags accepted beyond the list, environment variables). */
  readonly notes?: string;
  /** How the shell completes the positional arguments (the first word for ship, a table for shell). */
  readonly operands?: Completion;
  /**
   * Commands that keep another tool's command line (the shell is osqueryi's): their own parser reports unknown flags
   * in that tool's words and exit code, so the CLI's generic usage error does not apply.
   */
  readonly dialect?: 'gflags';
  /** Runs the command; resolves to the process exit code. A UsageError thrown here exits 2 with a pointer to --help. */
  run(argv: string[]): Promise<number>;
}
