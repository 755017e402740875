/** An in-memory event sink and a publisher context, for the publisher benchmarks and tests. */
import { silentLogger } from '../../common/logger.js';
import type { Row } from '../../collector/engine/spec.js';
import type { PublisherContext } from '../../collector/events/types.js';

export interface MemorySink {
  readonly rows: Map<string, Row[]>;
  add(table: string, rows: readonly Row[]): void;
  of(table: string): Row[];
}

/** An EventSink that keeps every row per table. */
export function memorySink(): MemorySink {
  const rows = new Map<string, Row[]>();
  return {
    rows,
    add(table, added) {
      const list = rows.get(table) ?? [];
      list.push(...added);
      rows.set(table, list);
    },
    of: (table) => rows.get(table) ?? [],
  };
}

export function contextWith(sink: PublisherContext['sink'], flags: Record<string, string> = {}): PublisherContext {
  return { sink, log: silentLogger(), flag: (name) => flags[name], config: () => ({}) };
}
