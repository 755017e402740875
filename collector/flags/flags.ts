/**
 * osquery's flags (gflags): names, types, defaults and kinds from osquery's own definitions
 * (osquery-flags.json beside this file), plus Osprey's additions. One registry per process, passed to whoever needs
 * it; `osquery_flags` reads it. Parses `--name=value`, `--name value`, `--name` / `--noname` for booleans, single-dash
 * spellings, and flagfiles with one flag per line.
 */
import { readFileSync } from 'node:fs';
import { OspreyError } from '../../common/errors.js';
import { fromRoot } from '../../common/paths.js';
import type { FlagRow } from '../engine/spec.js';

export type FlagType = 'bool' | 'string' | 'uint64' | 'uint32' | 'int32';
export type FlagKind = 'FLAG' | 'CLI_FLAG' | 'HIDDEN_FLAG' | 'SHELL_FLAG' | 'OSPREY_FLAG';

export interface FlagDefinition {
  readonly name: string;
  readonly type: FlagType;
  readonly default: string;
  readonly kind: FlagKind;
  readonly description: string;
}

interface FlagFile {
  flags: FlagDefinition[];
  aliases: Array<{ alias: string; target: string }>;
}

/** Osprey's own flags that tables read, known to every process that runs queries (shell, daemon, extensions). */
const OSPREY_TABLE_FLAGS: readonly FlagDefinition[] = [
  {
    name: 'ec2_metadata_endpoint',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description:
      'Base URL of the EC2 instance metadata service (default http://169.254.169.254 on EC2); set, it is asked on any host',
  },
  {
    name: 'azure_metadata_endpoint',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description:
      'Base URL of the Azure instance metadata service (default http://169.254.169.254 on Azure); set, it is asked on any host',
  },
  {
    name: 'ycloud_metadata_endpoint',
    type: 'string',
    default: '',
    kind: 'OSPREY_FLAG',
    description:
      'Base URL of the Yandex.Cloud metadata service (default http://169.254.169.254 on Yandex.Cloud); set, it is asked on any host',
  },
];

let osqueryFlags: FlagFile | undefined;

function loadOsqueryFlags(): FlagFile {
  osqueryFlags ??= JSON.parse(readFileSync(fromRoot('collector/flags/osquery-flags.json'), 'utf8')) as FlagFile;
  return osqueryFlags;
}

export interface ParsedArgs {
  /** Arguments that are not flags, in order (SQL for the shell, the subcommand's operands). */
  readonly positionals: string[];
}

export class Flags {
  readonly #defs = new Map<string, FlagDefinition>();
  readonly #aliases = new Map<string, string>();
  readonly #values = new Map<string, string>();

  constructor(extra: readonly FlagDefinition[] = []) {
    const file = loadOsqueryFlags();
    for (const def of file.flags) this.#defs.set(def.name, def);
    for (const { alias, target } of file.aliases ?? []) this.#aliases.set(alias, target);
    // gflags' own built-in, which osquery's flag list does not carry.
    this.define({
      name: 'flagfile',
      type: 'string',
      default: '',
      kind: 'CLI_FLAG',
      description: 'Line-delimited file of flags',
    });
    for (const def of OSPREY_TABLE_FLAGS) this.define(def);
    for (const def of extra) this.define(def);
  }

  define(def: FlagDefinition): void {
    this.#defs.set(def.name, def);
  }

  has(name: string): boolean {
    return this.#defs.has(this.#canonical(name));
  }

  definition(name: string): FlagDefinition | undefined {
    return this.#defs.get(this.#canonical(name));
  }

  /** Current value as a string (gflags' representation), or undefined for an unknown flag. */
  get(name: string): string | undefined {
    const canonical = this.#canonical(name);
    return this.#values.get(canonical) ?? this.#defs.get(canonical)?.default;
  }

  getBool(name: string): boolean {
    return parseBool(this.get(name) ?? 'false');
  }

  getNumber(name: string): number {
    return Number(this.get(name) ?? '0');
  }

  /** Whether the value was set explicitly (command line, flagfile or config options). */
  isSet(name: string): boolean {
    return this.#values.has(this.#canonical(name));
  }

  set(name: string, value: string | boolean | number): void {
    const canonical = this.#canonical(name);
    const def = this.#defs.get(canonical);
    if (!def) throw new OspreyError('CONFIG_INVALID', `Unknown flag: --${name}`, { retriable: false });
    this.#values.set(canonical, normalise(def, String(value)));
  }

  /** Parses command-line arguments, setting flags; returns the rest. Throws on an unknown flag or a bad value. */
  parse(argv: readonly string[]): ParsedArgs {
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? '';
      if (arg === '--') {
        positionals.push(...argv.slice(i + 1));
        break;
      }
      if (!arg.startsWith('-') || arg === '-') {
        positionals.push(arg);
        continue;
      }
      const body = arg.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      if (eq >= 0) {
        this.set(name, body.slice(eq + 1));
        continue;
      }
      const def = this.definition(name);
      if (!def && name.startsWith('no') && this.definition(name.slice(2))?.type === 'bool') {
        this.set(name.slice(2), 'false');
      } else if (!def) {
        throw new OspreyError('CONFIG_INVALID', `ERROR: unknown command line flag '${name}'`, { retriable: false });
      } else if (def.type === 'bool') {
        this.set(name, 'true');
      } else {
        const value = argv[++i];
        if (value === undefined) {
          throw new OspreyError('CONFIG_INVALID', `ERROR: flag '${name}' is missing its argument`, {
            retriable: false,
          });
        }
        this.set(name, value);
      }
    }
    return { positionals };
  }

  /** Reads a flagfile: one `--flag=value` per line; blank lines and `#` comments skipped. */
  loadFlagfile(path: string): void {
    const lines = readFileSync(path, 'utf8').split('\n');
    const args = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    try {
      this.parse(args);
    } catch (err) {
      throw new OspreyError('CONFIG_INVALID', `In flagfile ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Rows for the osquery_flags table (single-character flags are skipped, as osquery does). */
  list(): FlagRow[] {
    return [...this.#defs.values()]
      .filter((def) => def.name.length > 1 && def.kind !== 'HIDDEN_FLAG')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((def) => ({
        name: def.name,
        type: def.type,
        description: def.description,
        default_value: def.default,
        value: this.get(def.name) ?? def.default,
        shell_only: def.kind === 'SHELL_FLAG' ? 1 : 0,
      }));
  }

  #canonical(name: string): string {
    return this.#aliases.get(name) ?? name;
  }
}

export function parseBool(value: string): boolean {
  return ['1', 'true', 't', 'yes', 'y', 'on'].includes(value.trim().toLowerCase());
}

function normalise(def: FlagDefinition, value: string): string {
  if (def.type === 'bool') {
    const lower = value.trim().toLowerCase();
    if (!['1', '0', 'true', 'false', 't', 'f', 'yes', 'no', 'y', 'n', 'on', 'off'].includes(lower)) {
      throw new OspreyError('CONFIG_INVALID', `Flag --${def.name} takes a boolean, got "${value}"`, {
        retriable: false,
      });
    }
    return parseBool(lower) ? 'true' : 'false';
  }
  if (def.type !== 'string' && !/^-?\d+$/.test(value.trim())) {
    throw new OspreyError('CONFIG_INVALID', `Flag --${def.name} takes an integer, got "${value}"`, {
      retriable: false,
    });
  }
  return def.type === 'string' ? value : value.trim();
}
