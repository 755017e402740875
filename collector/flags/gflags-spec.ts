/**
 * The flag spec of the commands that parse osquery's flags (shell, daemon, validate), made from the Flags registry
 * (collector/flags) that parses them, so their help and completion list exactly what they accept.
 */
import type { FlagDefinition } from './flags.js';
import type { FlagSpec, FlagSpecs } from '../../common/command-flags.js';

export function specFromDefinition(def: FlagDefinition): FlagSpec {
  const description = def.description;
  if (def.type === 'bool') return { type: 'boolean', default: def.default === 'true', description };
  if (def.type === 'string')
    return { type: 'string', default: String(def.default), description, ...completionFor(def.name) };
  return { type: 'integer', default: Number(def.default), description };
}

export function specsFromDefinitions(defs: readonly FlagDefinition[]): FlagSpecs {
  return Object.fromEntries(defs.map((def) => [def.name, specFromDefinition(def)]));
}

/** Paths complete as files or directories: osquery names them *_path, *_file, *_socket or flagfile. */
function completionFor(name: string): Pick<FlagSpec, 'complete'> {
  if (/(^flagfile|_file|_socket|_path|_key|_cert|_certs)$/.test(name)) return { complete: 'file' };
  return {};
}

/** Every flag the registry lists (osquery_flags' rows: no hidden or one-letter flags), sorted by name. */
export function listedDefinitions(flags: {
  list(): Array<{ name: string }>;
  definition(name: string): FlagDefinition | undefined;
}): FlagDefinition[] {
  return flags.list().flatMap((row) => flags.definition(row.name) ?? []);
}
