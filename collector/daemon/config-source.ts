/**
 * Where the daemon's config comes from, chosen by --config_plugin as osquery chooses its config plugin:
 * `filesystem` (--config_path), `tls` (the TLS server, collector/remote) or a config plugin an in-process extension
 * registered (collector/extensions). The daemon asks one ConfigSource for its first config and for every refresh,
 * and never needs to know which it is.
 */
import { OspreyError } from '../../common/errors.js';
import { formatIssue } from '../config/issues.js';
import { loadConfigFile, type LoadedConfig } from '../config/load.js';
import type { ExtensionHost } from '../extensions/host.js';
import type { Flags } from '../flags/flags.js';
import type { RemoteManagement } from '../remote/index.js';

export interface ConfigSource {
  readonly name: string;
  /** The config to start with; a source that can be fixed remotely may start empty rather than fail. */
  initial(warn: (message: string) => void): Promise<LoadedConfig>;
  /** Reads the source again (SIGHUP, --config_refresh). */
  load(): Promise<LoadedConfig>;
  /** True when the start-up read failed and the daemon runs on an empty config until a refresh succeeds. */
  readonly startedEmpty: boolean;
  /** Whether a refresh needs I/O that must not block SIGHUP handling (a network fetch). */
  readonly remote: boolean;
}

export interface ConfigSourceContext {
  readonly flags: Flags;
  readonly remote: RemoteManagement | undefined;
  readonly extensions: ExtensionHost;
}

/** Picks the source for --config_plugin; an unknown name is a start-up error that lists the known ones. */
export function selectConfigSource(ctx: ConfigSourceContext): ConfigSource {
  const name = ctx.flags.get('config_plugin') ?? 'filesystem';
  const tls = ctx.remote?.config;
  if (name === 'tls' && tls && ctx.remote) return remoteSource(ctx.remote, tls);
  if (name === 'filesystem') return filesystemSource(ctx.flags);
  if (ctx.extensions.configPluginNames().includes(name)) return extensionSource(name, ctx);
  const known = ['filesystem', 'tls', ...ctx.extensions.configPluginNames()].join(', ');
  throw new OspreyError('CONFIG_INVALID', `Unknown config plugin "${name}" in --config_plugin (known: ${known})`, {
    retriable: false,
  });
}

function filesystemSource(flags: Flags): ConfigSource {
  const load = (): LoadedConfig => loadConfigFile(flags.get('config_path') ?? '', { flags });
  return {
    name: 'filesystem',
    startedEmpty: false,
    remote: false,
    initial: async () => load(),
    load: async () => load(),
  };
}

function remoteSource(remote: RemoteManagement, tls: NonNullable<RemoteManagement['config']>): ConfigSource {
  return {
    name: 'tls',
    remote: true,
    get startedEmpty() {
      return remote.startedEmpty;
    },
    initial: (warn) => remote.initialConfig(warn),
    load: () => tls.load(),
  };
}

function extensionSource(name: string, ctx: ConfigSourceContext): ConfigSource {
  const load = async (): Promise<LoadedConfig> => {
    const loaded = await ctx.extensions.pluginConfig(ctx.flags);
    if (!loaded) throw new OspreyError('CONFIG_INVALID', `The config plugin "${name}" is gone.`, { retriable: false });
    return loaded;
  };
  return {
    name,
    startedEmpty: false,
    remote: false,
    initial: async (warn) => {
      const loaded = await load();
      if (loaded.errors.length > 0)
        warn(`Error reading config from plugin ${name}: ${loaded.errors.map(formatIssue).join('; ')}`);
      return loaded;
    },
    load,
  };
}
