/**
 * Checks past the value shapes, with osquery's outcomes: what osquery skips with a warning is a warning here (an
 * interval of 0, a reserved query name, a CLI-only flag in `options`); what would leave the agent doing something
 * other than intended is an error (an option value of the wrong type, an unparseable cron expression).
 */
import type { Flags } from '../flags/flags.js';
import { parseCron } from './cron.js';
import { jsonPath, type ConfigIssue } from './issues.js';
import type { OsqueryConfig, QueryConfig } from './schema.js';

export const MAX_INTERVAL = 604800;
const RESERVED_PREFIXES = ['query.', 'cache.', 'config_views.'];
const RESERVED_SUFFIXES = ['epoch', 'counter'];

export function semanticChecks(config: OsqueryConfig, source: string, flags?: Flags): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (severity: ConfigIssue['severity'], path: PropertyKey[], message: string): void => {
    issues.push({ severity, source, path: jsonPath(path), message });
  };
  if (flags) checkOptions(config.options ?? {}, flags, add);
  for (const [name, query] of Object.entries(config.schedule ?? {})) checkQuery(name, query, ['schedule', name], add);
  for (const [packName, pack] of Object.entries(config.packs ?? {})) {
    if (typeof pack === 'string') continue;
    for (const [name, query] of Object.entries(pack.queries ?? {})) {
      checkQuery(name, query, ['packs', packName, 'queries', name], add);
    }
  }
  for (const seconds of Object.keys(config.decorators?.interval ?? {})) {
    if (Number(seconds) % 60 !== 0) {
      add('warning', ['decorators', 'interval', seconds], 'interval decorators must be a multiple of 60 s; ignored');
    }
  }
  return issues;
}

type Add = (severity: ConfigIssue['severity'], path: PropertyKey[], message: string) => void;

function checkOptions(options: Record<string, unknown>, flags: Flags, add: Add): void {
  for (const [name, value] of Object.entries(options)) {
    if (name.startsWith('custom_')) continue;
    const def = flags.definition(name);
    if (!def) {
      add('warning', ['options', name], `unknown flag --${name} is ignored`);
      continue;
    }
    if (def.kind === 'CLI_FLAG') {
      add('warning', ['options', name], `the CLI only flag --${name} set via config file will be ignored`);
      continue;
    }
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (def.type === 'bool' && !/^(1|0|true|false|t|f|yes|no|y|n|on|off)$/i.test(text.trim())) {
      add('error', ['options', name], `--${name} takes a boolean, got ${JSON.stringify(value)}`);
    } else if (def.type !== 'bool' && def.type !== 'string' && !/^-?\d+$/.test(text.trim())) {
      add('error', ['options', name], `--${name} takes an integer, got ${JSON.stringify(value)}`);
    }
  }
}

function checkQuery(name: string, query: QueryConfig, path: PropertyKey[], add: Add): void {
  if (reservedQueryName(name)) {
    add(
      'warning',
      path,
      `query name ${name} is reserved (prefixes query. cache. config_views., suffixes epoch counter); skipped`,
    );
  }
  if (query.interval !== undefined && (query.interval <= 0 || query.interval > MAX_INTERVAL)) {
    add('warning', [...path, 'interval'], `interval must be between 1 and ${MAX_INTERVAL} seconds; query skipped`);
  }
  if (query.shard !== undefined && (query.shard < 0 || query.shard > 100)) {
    add('warning', [...path, 'shard'], 'shard must be between 1 and 100');
  }
  if (query.cron !== undefined) {
    try {
      parseCron(query.cron);
    } catch (err) {
      add('error', [...path, 'cron'], (err as Error).message);
    }
  }
}

/** Whether a query name is one osquery refuses to schedule. */
export function reservedQueryName(name: string): boolean {
  return RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s));
}
