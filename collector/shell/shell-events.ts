/**
 * The event framework as the shell hosts it (osqueryi with --disable_events=false): publishers run for the life of
 * the shell and an in-memory store keeps what they saw; event tables return the whole buffer, as in osqueryi. The
 * config (file_paths, yara) comes from --config_path when it is given. A shell with events disabled (its default)
 * starts nothing, but still offers the config to tables (the yara table's sig_group) when --config_path is set.
 */
import type { EngineServices, Row } from '../engine/spec.js';
import type { Flags } from '../flags/flags.js';
import { silentLogger } from '../../common/logger.js';

export interface ShellEvents {
  /** Engine services: the config, and, with events on, the store and osquery_events rows. */
  services(): Partial<EngineServices>;
  stop(): Promise<void>;
}

/** Starts the shell's publishers; `report` prints config problems and publisher failures (stderr). */
export async function startShellEvents(flags: Flags, report: (message: string) => void): Promise<ShellEvents> {
  const configPath = flags.get('config_path') ?? '';
  const eventsOn = !flags.getBool('disable_events');
  let config: Readonly<Record<string, unknown>> = {};
  // Imported on use: the config validator and the publishers' modules would cost every `osprey shell "SELECT 1"`.
  if (configPath !== '' && (eventsOn || flags.isSet('config_path'))) {
    const [{ loadConfigFile }, { formatIssue }] = await Promise.all([
      import('../config/load.js'),
      import('../config/issues.js'),
    ]);
    const loaded = loadConfigFile(configPath, { flags });
    if (loaded.errors.length === 0) config = loaded.config;
    else if (flags.isSet('config_path'))
      report(`The config is invalid; events and yara groups use none:\n${loaded.errors.map(formatIssue).join('\n')}`);
  }
  const base = { config: () => config };
  if (!eventsOn) return { services: () => base, stop: async () => undefined };
  const [{ EventRuntime }, { EventStore }, { PUBLISHERS }] = await Promise.all([
    import('../events/runtime.js'),
    import('../events/store.js'),
    import('../events/publishers/registry.js'),
  ]);
  const store = new EventStore({ flags });
  const runtime = new EventRuntime({
    flags,
    log: silentLogger(),
    sink: store,
    config: () => config,
    publishers: PUBLISHERS,
    onStatus: (severity, message) => {
      if (severity === 'warning') report(message);
    },
  });
  await runtime.start();
  return {
    services: () => ({ ...base, eventStore: store, events: { list: (): Row[] => runtime.rows() } }),
    stop: async () => {
      await runtime.stop();
      store.close();
    },
  };
}
