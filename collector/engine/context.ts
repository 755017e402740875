/** Builds the QueryContext a generator sees; the engine uses it for every scan, tests use it to call generators. */
import { silentLogger, type Logger } from '../../common/logger.js';
import type { Constraint, EngineServices, QueryContext, SqlValue, TableErrorCounter } from './spec.js';
import { VERSION } from '../../common/version.js';

export interface ContextOptions {
  table: string;
  constraints?: readonly Constraint[];
  /** Columns the query reads; undefined = all. */
  columnsUsed?: ReadonlySet<string>;
  log?: Logger;
  services?: Partial<EngineServices>;
  errors?: TableErrorCounter;
}

export function defaultServices(overrides: Partial<EngineServices> = {}): EngineServices {
  return {
    startTime: Math.floor(Date.now() / 1000),
    version: VERSION,
    instanceId: '00000000-0000-4000-8000-000000000000',
    ...overrides,
  };
}

export function createQueryContext(options: ContextOptions): QueryContext {
  const constraints = options.constraints ?? [];
  const log = options.log ?? silentLogger();
  const errors: TableErrorCounter = options.errors ?? {
    skip: (reason, err) => log.debug({ table: options.table, err }, `Skipped: ${reason}.`),
  };
  const services = defaultServices(options.services);
  return {
    table: options.table,
    constraints,
    equals: (column) => valuesOf(constraints, column, '='),
    likes: (column) => valuesOf(constraints, column, 'LIKE').map(String),
    constrained: (column) => constraints.some((c) => c.column === column),
    used: (column) => options.columnsUsed?.has(column) ?? true,
    log,
    errors,
    services,
  };
}

function valuesOf(constraints: readonly Constraint[], column: string, op: Constraint['op']): SqlValue[] {
  const out: SqlValue[] = [];
  for (const c of constraints) if (c.column === column && c.op === op) out.push(c.value);
  return out;
}
