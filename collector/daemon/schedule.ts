/**
 * Turns a config into packs of scheduled queries as osquery's `Pack::initialize` does (docs/osquery-compatibility.md §3.3, §3.4): the
 * `schedule` key is the pack `main` with bare query names; other packs' queries are named
 * `pack<delim><pack><delim><query>`. A pack failing its platform/version/shard is kept but inactive; a query failing
 * its own filters, with a reserved name or a bad interval is dropped.
 */
import type { OsqueryConfig, PackConfig, QueryConfig } from '../config/schema.js';
import { MAX_INTERVAL, reservedQueryName } from '../config/checks.js';
import { parseCron, type CronSchedule } from '../config/cron.js';
import { platformMatches, shardMatches, versionAtLeast } from './filters.js';

export interface ScheduledQuery {
  readonly name: string;
  readonly pack: string;
  readonly query: string;
  /** Configured interval in seconds (osquery_schedule.interval). */
  readonly interval: number;
  readonly snapshot: boolean;
  readonly removed: boolean;
  /** false: never denylisted by the watchdog. */
  readonly denylist: boolean;
  readonly startupPriority?: number;
  readonly cron?: CronSchedule;
}

export interface Pack {
  readonly name: string;
  readonly platform: string;
  readonly version: string;
  readonly shard: number;
  readonly discovery: readonly string[];
  /** Pack-level platform, version and shard all pass (discovery is checked separately, at run time). */
  readonly filtersPass: boolean;
  readonly queries: readonly ScheduledQuery[];
}

export interface ScheduleContext {
  readonly hostname: string;
  readonly delimiter: string;
  readonly defaultInterval: number;
  readonly warn: (message: string) => void;
}

export function buildPacks(config: OsqueryConfig, ctx: ScheduleContext): Pack[] {
  const packs: Pack[] = [];
  if (config.schedule) packs.push(buildPack('main', { queries: config.schedule }, ctx, true));
  for (const [name, pack] of Object.entries(config.packs ?? {})) {
    if (typeof pack === 'string') continue;
    packs.push(buildPack(name, pack, ctx, false));
  }
  return packs;
}

function buildPack(name: string, pack: PackConfig, ctx: ScheduleContext, isMain: boolean): Pack {
  const filtersPass =
    platformMatches(pack.platform) && versionAtLeast(pack.version) && shardMatches(pack.shard, ctx.hostname);
  const queries: ScheduledQuery[] = [];
  for (const [queryName, query] of Object.entries(pack.queries ?? {})) {
    const scheduledName = isMain ? queryName : packQueryName(name, queryName, ctx.delimiter);
    const scheduled = buildQuery({ queryName, name: scheduledName, pack: name }, query, ctx);
    if (scheduled) queries.push(scheduled);
  }
  return {
    name,
    platform: pack.platform ?? '',
    version: pack.version ?? '',
    shard: pack.shard ?? 0,
    discovery: pack.discovery ?? [],
    filtersPass,
    queries,
  };
}

export function packQueryName(pack: string, query: string, delimiter: string): string {
  return `pack${delimiter}${pack}${delimiter}${query}`;
}

function buildQuery(
  names: { readonly queryName: string; readonly name: string; readonly pack: string },
  query: QueryConfig,
  ctx: ScheduleContext,
): ScheduledQuery | undefined {
  const { queryName, name, pack } = names;
  if (reservedQueryName(queryName)) {
    ctx.warn(`Query name ${queryName} is reserved; the query is skipped.`);
    return undefined;
  }
  const interval = query.interval ?? ctx.defaultInterval;
  if (!Number.isInteger(interval) || interval <= 0 || interval > MAX_INTERVAL) {
    ctx.warn(`Query ${name} has an invalid interval ${String(query.interval)}; the query is skipped.`);
    return undefined;
  }
  if (!platformMatches(query.platform) || !versionAtLeast(query.version) || !shardMatches(query.shard, ctx.hostname)) {
    return undefined;
  }
  let cron: CronSchedule | undefined;
  if (query.cron !== undefined) {
    try {
      cron = parseCron(query.cron);
    } catch (err) {
      ctx.warn(`Query ${name}: ${(err as Error).message}; the query is skipped.`);
      return undefined;
    }
  }
  return {
    name,
    pack,
    query: query.query,
    interval,
    snapshot: query.snapshot ?? false,
    removed: query.removed ?? true,
    denylist: query.denylist ?? true,
    ...(query.startup_priority !== undefined ? { startupPriority: query.startup_priority } : {}),
    ...(cron ? { cron } : {}),
  };
}
