/**
 * Merges config sources applied in order (osquery applies each source's parsers in turn): maps merge with the later
 * source winning per key (options, schedule, packs, views); lists concatenate (decorators, file_accesses, the
 * categories of file_paths, exclude_paths, file_paths_query, yara and kafka_topics).
 */
import type { OsqueryConfig } from './schema.js';

type Lists = Record<string, string[]>;

export function mergeConfigs(configs: readonly OsqueryConfig[]): OsqueryConfig {
  const out: OsqueryConfig = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      if (value === undefined) continue;
      (out as Record<string, unknown>)[key] = mergeKey(key, (out as Record<string, unknown>)[key], value);
    }
  }
  return out;
}

function mergeKey(key: string, before: unknown, after: unknown): unknown {
  if (before === undefined) return after;
  switch (key) {
    case 'options':
    case 'schedule':
    case 'packs':
    case 'views':
    case 'auto_table_construction':
      return { ...(before as object), ...(after as object) };
    case 'file_paths':
    case 'file_paths_query':
    case 'exclude_paths':
    case 'kafka_topics':
      return mergeLists(before as Lists, after as Lists);
    case 'file_accesses':
      return [...(before as string[]), ...(after as string[])];
    case 'decorators':
      return mergeDecorators(before as Decorators, after as Decorators);
    case 'yara':
      return mergeYara(before as Yara, after as Yara);
    case 'events':
      return mergeLists(before as Lists, after as Lists);
    default:
      return after;
  }
}

type Decorators = NonNullable<OsqueryConfig['decorators']>;
type Yara = NonNullable<OsqueryConfig['yara']>;

function mergeLists(a: Lists, b: Lists): Lists {
  const out: Lists = { ...a };
  for (const [key, list] of Object.entries(b)) {
    const earlier = out[key];
    out[key] = Array.isArray(earlier) && Array.isArray(list) ? [...earlier, ...list] : list;
  }
  return out;
}

function mergeDecorators(a: Decorators, b: Decorators): Decorators {
  return {
    ...a,
    ...b,
    load: [...(a.load ?? []), ...(b.load ?? [])],
    always: [...(a.always ?? []), ...(b.always ?? [])],
    interval: mergeLists(a.interval ?? {}, b.interval ?? {}),
  };
}

function mergeYara(a: Yara, b: Yara): Yara {
  return {
    ...a,
    ...b,
    signatures: mergeLists(a.signatures ?? {}, b.signatures ?? {}),
    file_paths: mergeLists(a.file_paths ?? {}, b.file_paths ?? {}),
    signature_urls: [...(a.signature_urls ?? []), ...(b.signature_urls ?? [])],
  };
}
