#!/usr/bin/env node
import { COMMANDS } from './commands.js';

const USAGE = `osprey: endpoint state as SQL, streamed and joined with network events.

Usage: osprey <command> [flags]

Commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

Run \`osprey <command> --help\` for a command's flags.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 1 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`osprey: unknown command "${name}"\n\n${USAGE}\n`);
    return 1;
  }
  const command = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`osprey: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
