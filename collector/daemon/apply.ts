/**
 * Applying a loaded config to a running daemon: options into flags (CLI-only flags ignored, as osquery does), views
 * into the engine, decorators, and the packs into the scheduler.
 */
import { messageOf } from '../../common/errors.js';
import type { LoadedConfig } from '../config/load.js';
import type { Flags } from '../flags/flags.js';
import type { Decorators } from './decorators.js';
import type { SqlRunner } from './executor.js';
import { PackRuntime } from './packs.js';
import { buildPacks } from './schedule.js';
import type { Scheduler } from './scheduler.js';

export interface ApplyContext {
  readonly flags: Flags;
  readonly engine: SqlRunner;
  readonly decorators: Decorators;
  readonly scheduler: Scheduler;
  readonly hostname: () => string;
  readonly warn: (message: string) => void;
  /** Views created by the previous config (dropped when missing from the new one). */
  readonly views: Set<string>;
}

export function applyOptions(loaded: LoadedConfig, flags: Flags, warn: (message: string) => void): void {
  for (const [name, value] of Object.entries(loaded.config.options ?? {})) {
    if (name.startsWith('custom_')) continue;
    const def = flags.definition(name);
    if (!def || def.kind === 'CLI_FLAG') continue; // reported as warnings by the config checks
    try {
      flags.set(name, typeof value === 'object' ? JSON.stringify(value) : value);
    } catch (err) {
      warn(`Cannot apply option ${name}: ${messageOf(err)}`);
    }
  }
}

export function applyConfig(loaded: LoadedConfig, ctx: ApplyContext): void {
  applyOptions(loaded, ctx.flags, ctx.warn);
  applyViews(loaded.config.views ?? {}, ctx);
  ctx.decorators.configure(loaded.config.decorators);
  const packs = buildPacks(loaded.config, {
    hostname: ctx.hostname(),
    delimiter: ctx.flags.get('pack_delimiter') ?? '_',
    defaultInterval: ctx.flags.getNumber('schedule_default_interval') || 3600,
    warn: ctx.warn,
  });
  ctx.scheduler.setPacks(packs.map((pack) => new PackRuntime(pack)));
}

function applyViews(views: Record<string, string>, ctx: ApplyContext): void {
  for (const name of [...ctx.views]) {
    if (views[name] !== undefined) continue;
    tryQuery(ctx, `DROP VIEW IF EXISTS "${name}"`);
    ctx.views.delete(name);
  }
  for (const [name, sql] of Object.entries(views)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.warn(`View name ${name} is not a plain identifier; the view is skipped.`);
      continue;
    }
    tryQuery(ctx, `DROP VIEW IF EXISTS "${name}"`);
    if (tryQuery(ctx, `CREATE VIEW "${name}" AS ${sql}`)) ctx.views.add(name);
  }
}

function tryQuery(ctx: ApplyContext, sql: string): boolean {
  try {
    ctx.engine.query(sql);
    return true;
  } catch (err) {
    ctx.warn(`Error applying config view: ${sql}: ${messageOf(err)}`);
    return false;
  }
}
