/** `osprey completion bash|zsh`: prints the completion script made from the registry and the table specs. */
import type { Command } from '../common/command.js';
import { defineFlags, parseFlags, UsageError } from '../common/command-flags.js';

const FLAGS = defineFlags({});

export const completionCommand: Command = {
  usage: 'osprey completion bash|zsh',
  description:
    'Prints a shell completion script for osprey and ospreyi: commands, flags, and table names for the shell.',
  example: 'osprey completion bash > ~/.local/share/bash-completion/completions/osprey',
  flags: FLAGS,
  operands: ['bash', 'zsh'],
  async run(argv) {
    const { positionals } = parseFlags(FLAGS, argv, true);
    const shell = positionals[0];
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`needs bash or zsh, not '${shell ?? ''}'.`);
    const { completionScript } = await import('./completion.js');
    process.stdout.write(await completionScript(shell));
    return 0;
  },
};
