/**
 * What every `osprey` subcommand is: a leaf module, so that command files import their type from here and the
 * registry (cli/commands.ts) imports the command files, with no cycle between them.
 */
export interface Command {
  readonly summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
