/**
 * Decorators (docs/osquery-compatibility.md §3.6): `load` queries run when a config is applied, `always` queries before every scheduled
 * query, `interval` queries on ticks where tick % 60 == 0 and tick % seconds == 0. Only the first row of each query
 * counts (a warning when there are more); its columns become string decorations, merged into one map where the last
 * write of a name wins. --disable_decorators turns them off.
 */
import { messageOf } from '../../common/errors.js';
import type { OsqueryConfig } from '../config/schema.js';
import type { SqlRunner } from './executor.js';
import { loggedValue } from './rows.js';

type DecoratorConfig = NonNullable<OsqueryConfig['decorators']>;
type Kind = 'load' | 'interval' | 'always';

export class Decorators {
  readonly #engine: SqlRunner;
  readonly #warn: (message: string) => void;
  readonly #disabled: () => boolean;
  #config: DecoratorConfig = {};
  readonly #values: Record<Kind, Map<string, Record<string, string>>> = {
    load: new Map(),
    interval: new Map(),
    always: new Map(),
  };

  constructor(engine: SqlRunner, warn: (message: string) => void, disabled: () => boolean) {
    this.#engine = engine;
    this.#warn = warn;
    this.#disabled = disabled;
  }

  /** Applies a (new) config's decorators and runs its load queries. */
  configure(config: DecoratorConfig | undefined): void {
    this.#config = config ?? {};
    for (const values of Object.values(this.#values)) values.clear();
    this.#run('load', this.#config.load ?? []);
  }

  runAlways(): void {
    if ((this.#config.always ?? []).length > 0) this.#run('always', this.#config.always ?? []);
  }

  runInterval(tick: number): void {
    if (tick % 60 !== 0) return;
    for (const [seconds, queries] of Object.entries(this.#config.interval ?? {})) {
      const every = Number(seconds);
      if (every > 0 && every % 60 === 0 && tick % every === 0) this.#run('interval', queries, `${seconds}:`);
    }
  }

  /** The merged decorations (load, then interval, then always; later names win). */
  current(): Record<string, string> {
    if (this.#disabled()) return {};
    const out: Record<string, string> = {};
    for (const kind of ['load', 'interval', 'always'] as const) {
      for (const values of this.#values[kind].values()) Object.assign(out, values);
    }
    return out;
  }

  #run(kind: Kind, queries: readonly string[], keyPrefix = ''): void {
    if (this.#disabled()) return;
    for (const sql of queries) {
      try {
        const { columns, rows } = this.#engine.query(sql);
        if (rows.length > 1) this.#warn(`Decorator query returned more than one row; only the first is used: ${sql}`);
        const first = rows[0];
        const values: Record<string, string> = {};
        if (first) columns.forEach((name, i) => (values[name] = String(loggedValue(first[i] ?? null, false, false))));
        this.#values[kind].set(`${keyPrefix}${sql}`, values);
      } catch (err) {
        this.#warn(`Error running decorator query ${sql}: ${messageOf(err)}`);
      }
    }
  }
}
