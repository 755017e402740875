/**
 * The Docker Engine API calls the docker_* tables make over the daemon's UNIX socket (osquery's --docker_socket,
 * default /var/run/docker.sock), and the constraint handling osquery's docker.cpp shares between them. No socket
 * means no Docker: callers get null and the tables return no rows.
 */
import type { QueryContext } from '../../engine/spec.js';
import { asRecord, unixSocketGetJson } from '../lib/unix-socket-json.js';

export { asRecord, at, flag, num, scalarText, str, strings } from '../lib/unix-socket-json.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

export function dockerSocket(ctx: QueryContext): string {
  return ctx.services.flags?.get('docker_socket') || DEFAULT_SOCKET;
}

/** GET a Docker API path and parse its JSON; null (and a counted skip) when Docker is absent or answers badly. */
export function dockerGet(ctx: QueryContext, path: string): unknown {
  return unixSocketGetJson(ctx, { name: 'Docker', socket: dockerSocket(ctx), okStatuses: [200] }, path);
}

/**
 * osquery's checkConstraintValue: only a hexadecimal string of at most 64 characters (an id or an id prefix) is
 * sent to Docker; anything else is ignored, and SQLite's own check on the returned rows then applies.
 */
export function hexConstraintValues(ctx: QueryContext, column: string): string[] {
  return ctx
    .equals(column)
    .map(String)
    .filter((v) => v.length <= 64 && /^[0-9a-fA-F]*$/.test(v));
}

export interface DockerFilter {
  /** `?filters=...` (with `all=1&` first when asked), or '' when the column is not constrained. */
  readonly query: string;
  /** The constraint values sent: a returned key they prefix is reported as that value (see keyValue). */
  readonly prefixes: readonly string[];
}

/** osquery's getQuery: `=` values on the column become the API's filters document {"<column>":{"<v>":true}}. */
export function dockerFilter(ctx: QueryContext, column: string, addAll: boolean): DockerFilter {
  if (ctx.equals(column).length === 0) return { query: '', prefixes: [] };
  const prefixes = hexConstraintValues(ctx, column);
  const filters = { [column]: Object.fromEntries(prefixes.map((v) => [v, true])) };
  return { query: `?${addAll ? 'all=1&' : ''}filters=${encodeURIComponent(JSON.stringify(filters))}`, prefixes };
}

/**
 * osquery's getValue: the key without its `sha256:` prefix, or the constraint value that prefixes it, so that
 * `WHERE id = '8dfafdbc'` finds the container Docker matched by that prefix.
 */
export function keyValue(value: unknown, prefixes: readonly string[]): string {
  const key = (typeof value === 'string' ? value : '').replace(/^sha256:/, '');
  return prefixes.find((p) => key.startsWith(p)) ?? key;
}

export interface DockerContainerList {
  readonly containers: Array<Record<string, unknown>>;
  readonly prefixes: readonly string[];
}

/**
 * osquery's getContainers: GET /containers/json, which lists running containers only; with an `id` constraint,
 * `?all=1&filters=...`, which finds stopped ones too (osquery's docker.cpp adds `all=1` only with the filter).
 */
export function dockerContainers(ctx: QueryContext): DockerContainerList | null {
  const filter = dockerFilter(ctx, 'id', true);
  const list = dockerGet(ctx, `/containers/json${filter.query}`);
  if (!Array.isArray(list)) return null;
  return { containers: list.map(asRecord), prefixes: filter.prefixes };
}
