/**
 * Tables for the engine's own tests: a probe that records what each scan saw (constraints, columns used) and returns
 * rows chosen by the test. Not a `.table.ts` file, so discovery never registers it.
 */
import { col, defineTable, type QueryContext, type Row, type TableDefinition } from './spec.js';

export interface Probe {
  table: TableDefinition;
  scans: Array<{ constraints: QueryContext['constraints']; used: string[] }>;
  rows: Row[];
}

export function probeTable(
  name = 'probe',
  options: { required?: boolean; optimized?: boolean; throws?: string } = {},
): Probe {
  const probe: Probe = { table: undefined as unknown as TableDefinition, scans: [], rows: [] };
  const columns = [
    col('id', 'BIGINT', 'Key', { index: true, required: options.required, optimized: options.optimized }),
    col('label', 'TEXT', 'A label', { additional: true }),
    col('amount', 'DOUBLE', 'A number'),
    col('count', 'INTEGER', 'A count'),
    col('note', 'TEXT', 'Not pushed down'),
    col('secret', 'TEXT', 'Hidden', { hidden: true }),
  ];
  probe.table = defineTable({
    name,
    description: 'Test probe.',
    platforms: ['linux'],
    columns,
    aliases: [`${name}_alias`],
    generate(ctx) {
      probe.scans.push({ constraints: ctx.constraints, used: columns.map((c) => c.name).filter((c) => ctx.used(c)) });
      if (options.throws !== undefined) throw new Error(options.throws);
      return probe.rows;
    },
  });
  return probe;
}
