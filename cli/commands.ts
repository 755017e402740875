/**
 * The `osprey` subcommands, keyed by name (an explicit registry, kafkajs style). Each is loaded only when used, so
 * `osprey shell` does not pay for the pipeline's modules at start-up.
 */
import type { Command } from './command.js';

export type { Command };

type Loader = () => Promise<Command>;

export const COMMANDS: Record<string, Loader> = {
  run: async () => (await import('./run/command.js')).runCommand,
  shell: async () => (await import('../collector/shell/command.js')).shellCommand,
  daemon: async () => (await import('../collector/daemon/command.js')).daemonCommand,
  validate: async () => (await import('../collector/config/validate-command.js')).validateCommand,
  docs: async () => (await import('./docs/command.js')).docsCommand,
  search: async () => (await import('../indexer/search-command.js')).searchCommand,
  indexer: async () => (await import('../indexer/command.js')).indexerCommand,
  enricher: async () => (await import('../enricher/command.js')).enricherCommand,
  'es-setup': async () => (await import('../indexer/es-setup-command.js')).esSetupCommand,
  ship: async () => (await import('../correlator/ship/command.js')).shipCommand,
  correlator: async () => (await import('../correlator/command.js')).correlatorCommand,
};
