/**
 * Loads, validates and merges an osquery config: every source file, every pack file, one typed result plus every
 * issue with its file and JSON path. Nothing here throws for bad content; the caller decides (start-up fails on
 * errors, a reload keeps the running config, `osprey validate` prints them all).
 */
import { createHash } from 'node:crypto';
import { messageOf } from '../../common/errors.js';
import type { Flags } from '../flags/flags.js';
import { semanticChecks } from './checks.js';
import { fromZod, unknownKeys, type ConfigIssue } from './issues.js';
import { mergeConfigs } from './merge.js';
import { configShape, packShape, type OsqueryConfig, type PackConfig } from './schema.js';
import { globFiles, packNameFromFile, readConfigSources, readRegularFile, resolvePackPath } from './sources.js';
import { parseConfigText } from './text.js';

export interface LoadedConfig {
  /** The merged config; `packs` holds only resolved, valid pack objects. */
  readonly config: OsqueryConfig & { packs: Record<string, PackConfig> };
  readonly issues: readonly ConfigIssue[];
  readonly errors: readonly ConfigIssue[];
  /** SHA1 of every source and pack file text, in order (osquery_info.config_hash). */
  readonly hash: string;
  /** Raw text per source path (for --config_dump). */
  readonly sources: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Checks option names and values against the flag definitions. */
  readonly flags?: Flags;
}

export function loadConfigFile(configPath: string, options: LoadOptions = {}): LoadedConfig {
  let sources: ReturnType<typeof readConfigSources>;
  try {
    sources = readConfigSources(configPath);
  } catch (err) {
    return configFailure(configPath, messageOf(err), options);
  }
  return loadConfigSources(sources, configPath, options);
}

/** Parses a config given as text (tests, the TLS config plugin); pack paths resolve against `origin`. */
export function loadConfigText(text: string, origin: string, options: LoadOptions = {}): LoadedConfig {
  return loadConfigSources([{ path: origin, text }], origin, options);
}

/**
 * Parses, checks and merges several sources in the order given, as osquery merges its config sources (the files of
 * --config_path, or the sources an extension's config plugin returns). `origin` names the whole in merged checks.
 */
export function loadConfigSources(
  sources: ReadonlyArray<{ readonly path: string; readonly text: string }>,
  origin: string,
  options: LoadOptions = {},
): LoadedConfig {
  const issues: ConfigIssue[] = [];
  const texts = new Map<string, string>();
  const parsed: OsqueryConfig[] = [];
  for (const source of sources) {
    texts.set(source.path, source.text);
    const config = parseSource(source.path, source.text, issues);
    if (config) parsed.push(resolvePacks(config, source.path, issues, texts));
  }
  const merged = mergeConfigs(parsed);
  issues.push(...semanticChecks(merged, origin, options.flags));
  return finish(merged, issues, texts);
}

/** An empty config carrying one error: a source that could not be read or fetched, for the caller to report. */
export function configFailure(origin: string, message: string, options: LoadOptions = {}): LoadedConfig {
  const issue: ConfigIssue = { severity: 'error', source: origin, path: '$', message };
  const empty = loadConfigSources([], origin, options);
  return { ...empty, issues: [issue, ...empty.issues], errors: [issue, ...empty.errors] };
}

function finish(config: OsqueryConfig, issues: ConfigIssue[], texts: Map<string, string>): LoadedConfig {
  const hash = createHash('sha1');
  for (const text of texts.values()) hash.update(text);
  return {
    config: { ...config, packs: (config.packs ?? {}) as Record<string, PackConfig> },
    issues,
    errors: issues.filter((issue) => issue.severity === 'error'),
    hash: hash.digest('hex'),
    sources: texts,
  };
}

function parseSource(path: string, text: string, issues: ConfigIssue[]): OsqueryConfig | undefined {
  let root: Record<string, unknown>;
  try {
    root = parseConfigText(text, path);
  } catch (err) {
    issues.push({ severity: 'error', source: path, path: '$', message: messageOf(err) });
    return undefined;
  }
  issues.push(...unknownKeys(root, path));
  // Bad entries are reported and cut out, and the rest is checked again, so one run reports every error.
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = configShape.safeParse(root);
    if (result.success) return result.data;
    issues.push(...fromZod(result.error, path));
    for (const issue of result.error.issues) pruneEntry(root, issue.path);
  }
  return undefined;
}

/** Removes the config entry holding a bad value: a query, an option, a pack, or the top-level key. */
function pruneEntry(root: Record<string, unknown>, path: readonly PropertyKey[]): void {
  const depth = path[0] === 'packs' && path[2] === 'queries' && path.length > 3 ? 4 : Math.min(path.length, 2);
  let parent: unknown = root;
  for (const key of path.slice(0, depth - 1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key];
  const last = path[depth - 1];
  if (parent !== null && typeof parent === 'object' && last !== undefined) {
    delete (parent as Record<PropertyKey, unknown>)[last];
  }
}

/** Replaces pack paths and the `"*"` glob with the packs they name; bad pack files become issues. */
function resolvePacks(
  config: OsqueryConfig,
  source: string,
  issues: ConfigIssue[],
  texts: Map<string, string>,
): OsqueryConfig {
  const packs: Record<string, PackConfig> = {};
  for (const [name, value] of Object.entries(config.packs ?? {})) {
    if (typeof value !== 'string') {
      const result = packShape.safeParse(value);
      if (result.success) packs[name] = result.data;
      else issues.push(...fromZod(result.error, source, ['packs', name]));
    } else if (name === '*') {
      const files = globFiles(resolvePackPath(value, source));
      if (files.length === 0) {
        issues.push({ severity: 'warning', source, path: `$.packs["*"]`, message: `no pack files match ${value}` });
      }
      for (const file of files) addPackFile(packs, { name: packNameFromFile(file), file }, issues, texts);
    } else {
      addPackFile(packs, { name, file: resolvePackPath(value, source), namedIn: source }, issues, texts);
    }
  }
  return { ...config, packs };
}

function addPackFile(
  packs: Record<string, PackConfig>,
  ref: { readonly name: string; readonly file: string; readonly namedIn?: string },
  issues: ConfigIssue[],
  texts: Map<string, string>,
): void {
  const { name, file, namedIn } = ref;
  let root: Record<string, unknown>;
  try {
    const text = readRegularFile(file, `pack ${name}`);
    texts.set(file, text);
    root = parseConfigText(text, file);
  } catch (err) {
    const where = namedIn ?? file;
    const path = namedIn ? `$.packs[${JSON.stringify(name)}]` : '$';
    issues.push({ severity: 'error', source: where, path, message: messageOf(err) });
    return;
  }
  issues.push(...unknownKeys(root, file, true));
  const result = packShape.safeParse(root);
  if (!result.success) issues.push(...fromZod(result.error, file));
  else packs[name] = result.data;
}
