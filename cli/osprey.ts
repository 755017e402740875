#!/usr/bin/env node
import { messageOf } from '../common/errors.js';
import { moduleLoader } from '../common/load-module.js';
import { VERSION } from '../common/version.js';
import { commandEntry } from './commands.js';
import type * as HelpModule from './help.js';
import type * as CommandFlagsModule from '../common/command-flags.js';

/** getopt tools' exit code for a command line they cannot make sense of. */
export const EXIT_USAGE = 2;

/**
 * Help and the flags parser load only when used: a command that is run (a one-shot `osprey shell "SELECT 1"`, whose
 * start-up is benched) needs neither, and node:util's parseArgs brings Node modules of its own.
 */
const load = moduleLoader(import.meta.url);
const help = (): Promise<typeof HelpModule> => load<typeof HelpModule>('./help.js');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write((await help()).topLevelHelp());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    process.stdout.write((await help()).topLevelHelp());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`osprey version ${VERSION}\n`);
    return 0;
  }
  if (name === 'help') return main([rest[0] ?? '', '--help']);
  const entry = commandEntry(name);
  if (!entry) {
    process.stderr.write(`osprey: unknown command '${name}'. Run 'osprey --help' for the list.\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  // Only an argument list holding --help or -h can ask for help (wantsHelp then decides, `--` and all).
  if (rest.includes('--help') || rest.includes('-h')) {
    const { commandHelp, wantsHelp } = await help();
    if (wantsHelp(rest)) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const { UsageError } = await load<typeof CommandFlagsModule>('../common/command-flags.js');
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`osprey ${name}: ${err.message}\nRun 'osprey ${name} --help' for its usage and flags.\n`);
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`osprey: ${messageOf(err)}\n`);
    process.exitCode = 1;
  },
);
