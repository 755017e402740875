/**
 * The `osprey` subcommands, keyed by name (an explicit registry, kafkajs style), each with its group and one-line
 * summary for `osprey --help`. Each command module is loaded only when used, so `osprey shell` (and `osprey --help`)
 * does not pay for the pipeline's modules at start-up.
 */
import type { Command } from '../common/command.js';
import { moduleLoader } from '../common/load-module.js';
import type * as ShellCommandModule from '../collector/shell/command.js';

export type { Command };

export type CommandGroup = 'agent' | 'pipeline' | 'store' | 'tools';

export interface CommandEntry {
  readonly group: CommandGroup;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const load = moduleLoader(import.meta.url);

export const COMMANDS = {
  shell: {
    group: 'agent',
    summary: 'Interactive SQL over this host (osqueryi compatible)',
    // Loaded synchronously where Node can (common/load-module.ts): a one-shot query's start-up is benched.
    load: async () => (await load<typeof ShellCommandModule>('../collector/shell/command.js')).shellCommand,
  },
  daemon: {
    group: 'agent',
    summary: 'Run scheduled queries and packs, logging differential results (osqueryd)',
    load: async () => (await import('../collector/daemon/command.js')).daemonCommand,
  },
  validate: {
    group: 'agent',
    summary: 'Check an osquery config and its packs; print every problem with its JSON path',
    load: async () => (await import('../collector/daemon/validate-command.js')).validateCommand,
  },
  run: {
    group: 'pipeline',
    summary: 'Run every stage in one process (npm start)',
    load: async () => (await import('./run/command.js')).runCommand,
  },
  ship: {
    group: 'pipeline',
    summary: 'Ship Zeek or Suricata logs onto the network topic (tails files like a log shipper)',
    load: async () => (await import('../sensors/ship/command.js')).shipCommand,
  },
  replay: {
    group: 'pipeline',
    summary: 'Replay recorded Zeek, Suricata and osquery logs through the pipeline in event time; measure detections',
    load: async () => (await import('./replay/command.js')).replayCommand,
  },
  enricher: {
    group: 'pipeline',
    summary: 'Run the enricher stage (ECS mapping and joins)',
    load: async () => (await import('../enricher/command.js')).enricherCommand,
  },
  correlator: {
    group: 'pipeline',
    summary: 'Run the correlator: attribute Zeek/Suricata events to host processes and raise alerts',
    load: async () => (await import('../correlator/command.js')).correlatorCommand,
  },
  indexer: {
    group: 'pipeline',
    summary: 'Run the index stage (Elasticsearch or the embedded store)',
    load: async () => (await import('../indexer/command.js')).indexerCommand,
  },
  search: {
    group: 'store',
    summary: 'Search what Osprey found (the embedded store)',
    load: async () => (await import('../indexer/search-command.js')).searchCommand,
  },
  status: {
    group: 'tools',
    summary: 'Show what Osprey runs here: health, last queries, bus lag, store size, recent alerts',
    load: async () => (await import('./status/command.js')).statusCommand,
  },
  'es-setup': {
    group: 'store',
    summary: 'Install Elasticsearch templates, ILM policy and Kibana dashboards',
    load: async () => (await import('../indexer/es-setup-command.js')).esSetupCommand,
  },
  docs: {
    group: 'tools',
    summary: 'Write docs/tables.md, docs/metrics.md and docs/config.md from the code',
    load: async () => (await import('./docs/command.js')).docsCommand,
  },
  completion: {
    group: 'tools',
    summary: 'Print the bash or zsh completion script',
    load: async () => (await import('./completion-command.js')).completionCommand,
  },
} as const satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

export function commandEntry(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}
