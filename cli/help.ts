/** The help texts, made from the registry (cli/commands.ts) and each command's declarative fields. */
import type { Command } from '../common/command.js';
import { COMMANDS, type CommandGroup } from './commands.js';
import { renderFlags } from '../common/command-flags.js';

const GROUP_TITLES: Record<CommandGroup, string> = {
  agent: 'Agent (osquery compatible)',
  pipeline: 'Pipeline',
  store: 'Store',
  tools: 'Tools',
};

export function topLevelHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const groups = (Object.keys(GROUP_TITLES) as CommandGroup[]).map((group) => {
    const lines = Object.entries(COMMANDS)
      .filter(([, entry]) => entry.group === group)
      .map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
    return `${GROUP_TITLES[group]}:\n${lines.join('\n')}`;
  });
  return `osprey: endpoint state as SQL, streamed and joined with network events.

Usage: osprey <command> [flags]
       osprey --version

${groups.join('\n\n')}

Run \`osprey <command> --help\` for what a command does, its flags and an example.
`;
}

export function commandHelp(command: Command): string {
  const flagLines = renderFlags(command.flags, [['-h, --help', 'Show this help']]);
  const parts = [`Usage: ${command.usage}`, command.description, `Flags:\n${flagLines.join('\n')}`];
  if (command.notes) parts.push(command.notes);
  parts.push(`Example:\n  ${command.example}`);
  return `${parts.join('\n\n')}\n`;
}

/** `--help` or `-h` before any `--`: the command's help, whatever else is on the line. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const flags = end >= 0 ? argv.slice(0, end) : argv;
  return flags.includes('--help') || flags.includes('-h');
}
