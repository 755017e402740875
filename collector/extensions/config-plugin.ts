/**
 * Config from an extension's config plugin (osquery's ConfigPlugin::genConfig): a map of source name to config JSON
 * text, each source parsed and checked like a config file, then merged in name order as osquery merges sources.
 * A plugin that throws gives a config with that error, so the caller treats it as any invalid config.
 */
import { createHash } from 'node:crypto';
import { messageOf } from '../../common/errors.js';
import type { LoadedConfig } from '../config/load.js';
import { loadConfigText } from '../config/load.js';
import { mergeConfigs } from '../config/merge.js';
import type { PackConfig } from '../config/schema.js';
import type { Flags } from '../flags/flags.js';
import type { ConfigPlugin } from './plugins.js';

export async function loadPluginConfig(name: string, plugin: ConfigPlugin, flags?: Flags): Promise<LoadedConfig> {
  let sources: Record<string, string>;
  try {
    sources = await plugin.genConfig();
  } catch (err) {
    const issue = { severity: 'error' as const, source: `config plugin ${name}`, path: '$', message: messageOf(err) };
    return { ...loadConfigText('{}', `config plugin ${name}`), issues: [issue], errors: [issue] };
  }
  const names = Object.keys(sources).sort();
  const loaded = names.map((source) => loadConfigText(sources[source] ?? '', `${name}:${source}`, flags ? { flags } : {}));
  const merged = mergeConfigs(loaded.map((l) => l.config));
  const hash = createHash('sha1');
  const texts = new Map<string, string>();
  for (const l of loaded) {
    for (const [path, text] of l.sources) {
      hash.update(text);
      texts.set(path, text);
    }
  }
  const issues = loaded.flatMap((l) => l.issues);
  return {
    config: { ...merged, packs: (merged.packs ?? {}) as Record<string, PackConfig> },
    issues,
    errors: issues.filter((i) => i.severity === 'error'),
    hash: hash.digest('hex'),
    sources: texts,
  };
}
