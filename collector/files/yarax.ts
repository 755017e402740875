/**
 * YARA through YARA-X (the prebuilt N-API binary of @litko/yara-x for linux-x64 glibc, an optional dependency: its
 * sibling packages for other platforms are not on every registry mirror, so the lock file carries only this one).
 * Loaded on first use; when it is missing the YARA tables fail with an error that says so. Compiled rules are cached
 * by the SHA-256 of their source (a bounded LRU), so a query or a file event never recompiles rules it has seen.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OspreyError, messageOf } from '../../common/errors.js';

export const YARA_PACKAGE = '@litko/yara-x-linux-x64-gnu';

export interface YaraPatternMatch {
  offset: number;
  length: number;
  identifier: string;
}

export interface YaraRuleMatch {
  ruleIdentifier: string;
  namespace: string;
  tags: string[];
  matches: YaraPatternMatch[];
}

export interface CompiledRules {
  scan(data: Buffer): YaraRuleMatch[];
  setMaxMatchesPerPattern(max: number): void;
}

interface YaraXBinding {
  compile(source: string): CompiledRules;
}

let binding: YaraXBinding | Error | undefined;

/** The YARA-X binding, or a NOT_FOUND error naming the package and why it did not load. */
export function yaraX(): YaraXBinding {
  if (binding === undefined) {
    try {
      if (process.platform !== 'linux' || process.arch !== 'x64')
        throw new Error(`no build for ${process.platform}-${process.arch}`);
      binding = createRequire(import.meta.url)(YARA_PACKAGE) as YaraXBinding;
    } catch (err) {
      binding = new OspreyError(
        'NOT_FOUND',
        `YARA is unavailable: the optional package ${YARA_PACKAGE} (YARA-X) is not installed or does not load: ${messageOf(err)}`,
        { retriable: false, cause: err },
      );
    }
  }
  if (binding instanceof Error) throw binding;
  return binding;
}

const CACHE_MAX = 64;
const cache = new Map<string, CompiledRules>();

/** Compiles rule text once per distinct source; `origin` names it in a compile error (a file, a group, sigrule). */
export function compileRules(source: string, origin: string): CompiledRules {
  const key = createHash('sha256').update(source).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-insert: most recently used last
    cache.set(key, hit);
    return hit;
  }
  let rules: CompiledRules;
  try {
    rules = yaraX().compile(source);
  } catch (err) {
    if (err instanceof OspreyError) throw err;
    throw new OspreyError('CONFIG_INVALID', `YARA rules in ${origin} do not compile: ${messageOf(err)}`, {
      cause: err,
      retriable: false,
    });
  }
  rules.setMaxMatchesPerPattern(MAX_MATCHES_PER_PATTERN);
  cache.set(key, rules);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return rules;
}

/** Most offsets reported per string (a pattern matching every byte of a large file must not flood the row). */
const MAX_MATCHES_PER_PATTERN = 1000;

/** The rule files of a config signature group (yara.signatures.<group>), read and compiled as one rule set. */
export function rulesForGroup(config: Readonly<Record<string, unknown>>, group: string): CompiledRules {
  const signatures = (config.yara as { signatures?: Record<string, unknown> } | undefined)?.signatures ?? {};
  const files = signatures[group];
  if (!Array.isArray(files) || files.length === 0) {
    throw new OspreyError('NOT_FOUND', `YARA signature group ${group} is not in the config's yara.signatures.`, {
      retriable: false,
    });
  }
  const source = files.map((file) => readRuleFile(String(file))).join('\n');
  return compileRules(source, `yara.signatures.${group}`);
}

export function rulesForFile(path: string): CompiledRules {
  return compileRules(readRuleFile(path), path);
}

function readRuleFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new OspreyError('NOT_FOUND', `Cannot read YARA rule file ${path}: ${messageOf(err)}`, {
      cause: err,
      retriable: false,
    });
  }
}

export interface ScanColumns {
  matches: string;
  count: number;
  strings: string;
  tags: string;
}

/**
 * Scans one regular file of at most `maxBytes` with each rule set; osquery's columns: matched rule names and tags
 * comma-joined, and (only with --enable_yara_string) `$identifier:offset` for each matched string.
 */
export function scanFile(
  path: string,
  ruleSets: readonly CompiledRules[],
  maxBytes: number,
  withStrings: boolean,
): ScanColumns {
  const stats = statSync(path);
  if (!stats.isFile()) throw new OspreyError('IO_ERROR', `${path} is not a regular file`, { retriable: false });
  if (stats.size > maxBytes) {
    throw new OspreyError('IO_ERROR', `${path} is larger than the YARA scan limit (${maxBytes} bytes)`, {
      retriable: false,
    });
  }
  const data = readFileSync(path);
  const matches: YaraRuleMatch[] = [];
  for (const rules of ruleSets) matches.push(...rules.scan(data));
  return scanColumns(matches, withStrings);
}

export function scanColumns(matches: readonly YaraRuleMatch[], withStrings: boolean): ScanColumns {
  const tags = new Set<string>();
  const strings: string[] = [];
  for (const match of matches) {
    for (const tag of match.tags) tags.add(tag);
    if (withStrings) for (const m of match.matches) strings.push(`${m.identifier}:${m.offset}`);
  }
  return {
    matches: matches.map((m) => m.ruleIdentifier).join(','),
    count: matches.length,
    strings: strings.join(','),
    tags: [...tags].join(','),
  };
}
