/**
 * Config from an extension's config plugin (osquery's ConfigPlugin::genConfig): a map of source name to config JSON
 * text, each source parsed and checked like a config file, then merged in name order as osquery merges sources.
 * A plugin that throws gives a config with that error, so the caller treats it as any invalid config.
 */
import { messageOf } from '../../common/errors.js';
import { configFailure, loadConfigSources, type LoadedConfig } from '../config/load.js';
import type { Flags } from '../flags/flags.js';
import type { ConfigPlugin } from './plugins.js';

export async function loadPluginConfig(name: string, plugin: ConfigPlugin, flags?: Flags): Promise<LoadedConfig> {
  const options = flags ? { flags } : {};
  let sources: Record<string, string>;
  try {
    sources = await plugin.genConfig();
  } catch (err) {
    return configFailure(`config plugin ${name}`, messageOf(err), options);
  }
  const named = Object.keys(sources)
    .sort()
    .map((source) => ({ path: `${name}:${source}`, text: sources[source] ?? '' }));
  return loadConfigSources(named, `config plugin ${name}`, options);
}
