/**
 * One declarative flag spec per command (name, type, default, description) that drives parsing, `--help` text, usage
 * errors and shell completion, so a flag cannot be documented without being parsed, nor parsed without being
 * documented. Parsing is node:util parseArgs in strict mode; the spec adds integers, defaults and the messages.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OspreyError } from './errors.js';

/** How the shell completes a flag's value: a file, a directory, a table name, or one of a fixed set of words. */
export type Completion = 'file' | 'dir' | 'table' | readonly string[];

interface FlagBase {
  readonly description: string;
  /** One letter, for `-x`. */
  readonly short?: string;
  /** Placeholder in help text (`--data_dir DIR`). */
  readonly value?: string;
  readonly complete?: Completion;
}

export interface StringFlag extends FlagBase {
  readonly type: 'string';
  /** A function for defaults read from the environment (shown with their current value in help). */
  readonly default?: string | (() => string);
}
export interface ListFlag extends FlagBase {
  readonly type: 'list';
}
export interface IntegerFlag extends FlagBase {
  readonly type: 'integer';
  readonly default?: number;
}
export interface BooleanFlag extends FlagBase {
  readonly type: 'boolean';
  /** Only osquery's flags (parsed gflags-style, `--noname`) default to true; node:util parseArgs cannot negate. */
  readonly default?: boolean;
}

export type FlagSpec = StringFlag | ListFlag | IntegerFlag | BooleanFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<F extends FlagSpec> = F extends BooleanFlag
  ? boolean
  : F extends ListFlag
    ? string[]
    : F extends IntegerFlag
      ? F extends { default: number }
        ? number
        : number | undefined
      : F extends { default: string | (() => string) }
        ? string
        : string | undefined;

export type FlagValues<S extends FlagSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

export interface ParsedFlags<S extends FlagSpecs> {
  readonly values: FlagValues<S>;
  readonly positionals: string[];
}

/** A command line the command cannot make sense of: the CLI prints it, points to --help and exits 2. */
export class UsageError extends OspreyError {
  constructor(message: string) {
    super('USAGE', message, { retriable: false });
    this.name = 'UsageError';
  }
}

/** Keeps the spec's literal types (for the parsed values) while checking it is a spec. */
export function defineFlags<const S extends FlagSpecs>(spec: S): S {
  return spec;
}

export function defaultText(flag: FlagSpec): string | undefined {
  if (flag.type === 'boolean') return String(flag.default ?? false);
  if (flag.type === 'list' || flag.default === undefined) return undefined;
  return typeof flag.default === 'function' ? flag.default() : String(flag.default);
}

/** Parses argv against the spec; throws UsageError naming the flag for an unknown flag or a bad value. */
export function parseFlags<S extends FlagSpecs>(
  spec: S,
  argv: readonly string[],
  allowPositionals = false,
): ParsedFlags<S> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(spec)) {
    options[name] = {
      type: flag.type === 'boolean' ? 'boolean' : 'string',
      ...(flag.type === 'list' ? { multiple: true } : {}),
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  let parsed: { values: Record<string, string | boolean | Array<string | boolean> | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (err) {
    throw usageErrorFrom(err);
  }
  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(spec)) values[name] = valueOf(name, flag, parsed.values[name]);
  return { values: values as FlagValues<S>, positionals: parsed.positionals };
}

function valueOf(name: string, flag: FlagSpec, raw: string | boolean | Array<string | boolean> | undefined): unknown {
  if (flag.type === 'boolean') return raw === true;
  if (flag.type === 'list') return Array.isArray(raw) ? raw.map(String) : [];
  if (raw === undefined)
    return flag.type === 'integer' ? flag.default : typeof flag.default === 'function' ? flag.default() : flag.default;
  const text = String(raw);
  if (flag.type === 'string') return text;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${name} takes an integer, not "${text}".`);
  return Number(text);
}

/** parseArgs' own errors, reworded to name the flag and nothing else. */
function usageErrorFrom(err: unknown): UsageError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown flag '${quoted}'.`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`unexpected argument '${quoted}'.`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^(-\S+)/.exec(quoted)?.[1] ?? quoted;
    return new UsageError(
      /argument missing/.test(message) ? `flag '${flag}' needs a value.` : `flag '${flag}' takes no value.`,
    );
  }
  return new UsageError(message);
}

/** `--name`, or `-L` for one-letter names (osqueryi's -L and -A). */
export function flagWord(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** The `  --name VALUE   description (default: x)` lines of a help text; `extra` rows (left, description) go last. */
export function renderFlags(spec: FlagSpecs, extra: ReadonlyArray<readonly [string, string]> = []): string[] {
  const rows: Array<readonly [string, string]> = Object.entries(spec).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : '';
    const value = flag.type === 'boolean' ? '' : ` ${flag.value ?? (flag.type === 'integer' ? 'N' : 'VALUE')}`;
    const byDefault = defaultText(flag);
    const shown = byDefault === undefined ? '' : ` (default: ${byDefault === '' ? '""' : byDefault})`;
    return [`${short}${flagWord(name)}${value}${flag.type === 'list' ? ' ...' : ''}`, `${flag.description}${shown}`];
  });
  rows.push(...extra);
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)));
  return rows.map(([left, text]) =>
    left.length > width
      ? `  ${left}
  ${' '.repeat(width)}  ${text}`
      : `  ${left.padEnd(width)}  ${text}`,
  );
}
