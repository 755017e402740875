#!/usr/bin/env node
import { messageOf } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { commandEntry } from './commands.js';
import { UsageError } from '../common/command-flags.js';
import { commandHelp, topLevelHelp, wantsHelp } from './help.js';

/** getopt tools' exit code for a command line they cannot make sense of. */
export const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(topLevelHelp());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    process.stdout.write(topLevelHelp());
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
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
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
