/**
 * A table an external extension registered: its columns come from the route info it sent with registerExtension,
 * and each scan calls the extension's `call('table', name, {action:'generate', context})` with osquery's context
 * JSON. With --extensions_default_index (osquery's default) every plain column is an INDEX column, so WHERE
 * constraints reach the extension, which may use them; SQLite re-checks them on the rows returned either way.
 */
import { OspreyError } from '../../common/errors.js';
import { OP_NAMES } from '../engine/native.js';
import type { ColumnSpec, ColumnType, QueryContext, Row, TableDefinition } from '../engine/spec.js';
import { defineTable } from '../engine/spec.js';
import { decodeCall, encodeCall } from './thrift/client.js';
import type { PluginResponse } from './thrift/messages.js';
import { EXT_SUCCESS } from './thrift/messages.js';
import { callSync } from './thrift/sync-call.js';

/** osquery's ColumnOptions bits. */
const INDEX = 1;
const REQUIRED = 2;
const ADDITIONAL = 4;
const OPTIMIZED = 8;
const HIDDEN = 16;

const COLUMN_TYPES: ReadonlySet<string> = new Set(['TEXT', 'INTEGER', 'BIGINT', 'UNSIGNED BIGINT', 'DOUBLE', 'BLOB']);
const OP_CODES = new Map([...OP_NAMES].map(([code, name]) => [name, code]));

export interface ExtensionTableOptions {
  /** The extension's own socket, `<extensions_socket>.<uuid>`. */
  socketPath: string;
  extensionName: string;
  defaultIndex: boolean;
  timeoutMs: number;
}

/** Columns and aliases from route info (`{"id":"column","name":…,"type":…,"op":…}`, `{"id":"alias","alias":…}`). */
export function specFromRoutes(
  table: string,
  routes: PluginResponse,
  defaultIndex: boolean,
): { columns: ColumnSpec[]; aliases: string[] } {
  const columns: ColumnSpec[] = [];
  const aliases: string[] = [];
  for (const route of routes) {
    if (route.id === 'alias' && route.alias) aliases.push(route.alias);
    if (route.id !== 'column' && route.id !== undefined) continue;
    const name = route.name ?? '';
    const type = (route.type ?? 'TEXT').toUpperCase();
    if (!COLUMN_TYPES.has(type)) {
      throw new OspreyError(
        'TABLE_ERROR',
        `Extension table ${table} column ${name} has unknown type ${route.type ?? ''}.`,
        { retriable: false },
      );
    }
    const op = Number(route.op ?? '0') || 0;
    const plain = (op & (INDEX | REQUIRED | ADDITIONAL)) === 0;
    columns.push({
      name,
      type: type as ColumnType,
      description: '',
      ...((op & INDEX) !== 0 || (plain && defaultIndex) ? { index: true } : {}),
      ...((op & REQUIRED) !== 0 ? { required: true } : {}),
      ...((op & ADDITIONAL) !== 0 ? { additional: true } : {}),
      ...((op & OPTIMIZED) !== 0 ? { optimized: true } : {}),
      ...((op & HIDDEN) !== 0 ? { hidden: true } : {}),
    });
  }
  if (columns.length === 0)
    throw new OspreyError('TABLE_ERROR', `Extension table ${table} declares no columns.`, { retriable: false });
  return { columns, aliases };
}

export function extensionTable(name: string, routes: PluginResponse, options: ExtensionTableOptions): TableDefinition {
  const { columns, aliases } = specFromRoutes(name, routes, options.defaultIndex);
  return defineTable({
    name,
    description: `Table from the ${options.extensionName} extension.`,
    platforms: ['linux'],
    columns,
    ...(aliases.length > 0 ? { aliases } : {}),
    generate: (ctx) => generateRemote(name, columns, ctx, options),
  });
}

function generateRemote(
  table: string,
  columns: readonly ColumnSpec[],
  ctx: QueryContext,
  options: ExtensionTableOptions,
): Row[] {
  const request = { action: 'generate', context: contextJson(columns, ctx) };
  const reply = callSync(options.socketPath, encodeCall('table', table, request), decodeCall, options.timeoutMs);
  if (reply.status.code !== EXT_SUCCESS) {
    throw new OspreyError('TABLE_ERROR', `Extension table ${table} failed: ${reply.status.message}`, {
      retriable: false,
    });
  }
  return reply.response;
}

/**
 * osquery's serialized QueryContext: constraints grouped by column (op codes are SQLite's, which osquery's
 * ConstraintOperator reuses; values as text), the columns the query reads, and the same as a bitset.
 */
export function contextJson(columns: readonly ColumnSpec[], ctx: QueryContext): string {
  const byColumn = new Map<string, Array<{ op: number; expr: string }>>();
  for (const c of ctx.constraints) {
    const op = OP_CODES.get(c.op);
    if (op === undefined) continue;
    const list = byColumn.get(c.column) ?? [];
    list.push({ op, expr: c.value === null ? '' : String(c.value) });
    byColumn.set(c.column, list);
  }
  const constraints = [...byColumn].map(([name, list]) => ({
    name,
    list,
    affinity: columns.find((c) => c.name === name)?.type ?? 'TEXT',
  }));
  const used = columns.filter((c) => ctx.used(c.name));
  const bitset = columns.reduce((bits, c, i) => (ctx.used(c.name) && i < 53 ? bits + 2 ** i : bits), 0);
  return JSON.stringify({ constraints, colsUsed: used.map((c) => c.name), colsUsedBitset: bitset });
}
