/**
 * What Osprey's ExtensionManager answers: registration of external extensions (their tables become virtual tables
 * of the running engine), the extension list, the flags as options, SQL queries and result columns, and `call`
 * into Osprey's own tables (`call('table', name, {action:'generate', context})`, osquery's core table route).
 */
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { FlagRow, Row, SqlValue } from '../engine/spec.js';
import { extensionTable } from './extension-table.js';
import type { ExtensionRegistryState } from './registry.js';
import {
  EXT_FAILED,
  EXT_SUCCESS,
  type ExtensionInfo,
  type ExtensionRegistry,
  type ExtensionResponse,
  type ExtensionStatus,
  type OptionInfo,
  type PluginRequest,
} from './thrift/messages.js';
import type { ManagerHandler } from './thrift/server.js';

/** What the handler needs from the engine beyond the registry's view (Engine satisfies it). */
export interface QueryHost {
  queryRows(sql: string): Row[];
  queryColumns(sql: string): Array<{ name: string; type: string }>;
}

export interface HandlerOptions {
  state: ExtensionRegistryState;
  engine: QueryHost;
  socketPath: string;
  flags: { list(): FlagRow[]; getBool(name: string): boolean; getNumber(name: string): number };
  log: Logger;
  report: (message: string) => void;
}

const ok = (uuid = 0n): ExtensionStatus => ({ code: EXT_SUCCESS, message: 'OK', uuid });
const failed = (message: string): ExtensionStatus => ({ code: EXT_FAILED, message, uuid: 0n });
const failedResponse = (message: string): ExtensionResponse => ({ status: failed(message), response: [] });

export function managerHandler(options: HandlerOptions): ManagerHandler {
  const { state, engine, flags } = options;
  return {
    ping: () => ok(),
    call: (registry, item, request) => callCore(engine, registry, item, request),
    extensions: () => {
      const list = new Map<bigint, ExtensionInfo>();
      for (const r of state.list()) if (r.external) list.set(r.uuid, r.info);
      return list;
    },
    options: () => {
      const out: Record<string, OptionInfo> = {};
      for (const f of flags.list()) out[f.name] = { value: f.value, default_value: f.default_value, type: f.type };
      return out;
    },
    registerExtension: (info, registry) => register(options, info, registry),
    deregisterExtension: (uuid) => {
      const removed = state.remove(uuid);
      if (!removed) return failed(`No extension UUID registered: ${uuid}`);
      options.log.info({ extension: removed.info.name, uuid: Number(uuid) }, 'Extension deregistered.');
      return ok(uuid);
    },
    query: (sql) => {
      try {
        return { status: ok(), response: engine.queryRows(sql).map(textRow) };
      } catch (err) {
        return failedResponse(messageOf(err));
      }
    },
    getQueryColumns: (sql) => {
      try {
        return { status: ok(), response: engine.queryColumns(sql).map((c) => ({ [c.name]: c.type })) };
      } catch (err) {
        return failedResponse(messageOf(err));
      }
    },
  };
}

function register(options: HandlerOptions, info: ExtensionInfo, registry: ExtensionRegistry): ExtensionStatus {
  const { state, flags } = options;
  const uuid = state.newUuid();
  const socketPath = `${options.socketPath}.${uuid}`;
  try {
    const tables = Object.entries(registry.table ?? {}).map(([name, routes]) =>
      extensionTable(name, routes, {
        socketPath,
        extensionName: info.name,
        defaultIndex: flags.getBool('extensions_default_index'),
        timeoutMs: Math.max(1, flags.getNumber('extensions_timeout') || 3) * 1000,
      }),
    );
    state.add({ uuid, info, path: socketPath, external: true }, tables, registry);
    options.log.info(
      { extension: info.name, uuid: Number(uuid), tables: tables.map((t) => t.name) },
      'Extension registered.',
    );
    return ok(uuid);
  } catch (err) {
    options.report(`Extension ${info.name} was refused: ${messageOf(err)}`);
    return failed(messageOf(err));
  }
}

/** osquery's core route for `call`: the table registry's generate (with the context's constraints) and columns. */
function callCore(engine: QueryHost, registry: string, item: string, request: PluginRequest): ExtensionResponse {
  if (registry !== 'table') return failedResponse(`Osprey serves no ${registry} plugins over the extensions API.`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(item)) return failedResponse(`Invalid table name: ${item}`);
  try {
    if (request.action === 'columns') {
      const columns = engine.queryColumns(`SELECT * FROM ${item}`);
      return { status: ok(), response: columns.map((c) => ({ id: 'column', name: c.name, type: c.type, op: '0' })) };
    }
    if (request.action !== 'generate') return failedResponse(`Unsupported table action: ${request.action ?? ''}`);
    return {
      status: ok(),
      response: engine.queryRows(`SELECT * FROM ${item}${whereClause(request.context)}`).map(textRow),
    };
  } catch (err) {
    return failedResponse(messageOf(err));
  }
}

const SQL_OPS = new Map<number, string>([
  [2, '='],
  [4, '>'],
  [8, '<='],
  [16, '<'],
  [32, '>='],
  [65, 'LIKE'],
  [66, 'GLOB'],
]);

/** The context JSON's constraints as a WHERE clause (values quoted as SQL text literals). */
function whereClause(context: string | undefined): string {
  if (!context) return '';
  const parsed = JSON.parse(context) as {
    constraints?: Array<{ name?: string; list?: Array<{ op?: number; expr?: string }> }>;
  };
  const terms: string[] = [];
  for (const c of parsed.constraints ?? []) {
    if (!c.name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) continue;
    for (const item of c.list ?? []) {
      const op = SQL_OPS.get(item.op ?? 0);
      if (op !== undefined) terms.push(`"${c.name}" ${op} '${String(item.expr ?? '').replaceAll("'", "''")}'`);
    }
  }
  return terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : '';
}

/** osquery's extension responses carry every value as text; NULL is the empty string. */
function textRow(row: Row): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(row))
    out[key] = value === null || value === undefined ? '' : String(value as SqlValue);
  return out;
}
