/**
 * The LXD REST API calls the lxd_* tables make over LXD's UNIX socket (osquery's --lxd_socket), as osquery's lxd.cpp:
 * every answer is LXD's envelope {"type":"sync","status_code":200,"metadata":...}; a listing's metadata is a list of
 * object URLs ("/1.0/instances/c1") fetched one by one. No socket means no LXD: no rows.
 *
 * osquery reads most fields with property-tree lookups that have no default, so an object lacking one is skipped
 * (a lookup in a sub-request leaves the columns read before it): `need` throws MissingField to reproduce that.
 */
import type { QueryContext } from '../../engine/spec.js';
import { asRecord, scalarText, strings, unixSocketGetJson } from '../lib/unix-socket-json.js';

export { asRecord, strings } from '../lib/unix-socket-json.js';

const DEFAULT_SOCKET = '/var/lib/lxd/unix.socket';

export function lxdSocket(ctx: QueryContext): string {
  return ctx.services.flags?.get('lxd_socket') || DEFAULT_SOCKET;
}

/** GET an LXD API path and return its `metadata`; null (with a skip when LXD answered badly) when unavailable. */
export function lxdMetadata(ctx: QueryContext, path: string): unknown {
  const answer = unixSocketGetJson(ctx, { name: 'LXD', socket: lxdSocket(ctx), okStatuses: [200, 202] }, path);
  return answer === null ? null : (asRecord(answer).metadata ?? null);
}

/** The object URLs of a listing (GET /1.0/instances and the like); [] when LXD is absent. */
export function lxdList(ctx: QueryContext, path: string): string[] {
  return strings(lxdMetadata(ctx, path));
}

export class MissingField extends Error {}

/**
 * Follows a '/'-separated path of object keys: LXD's config keys contain dots ("volatile.base_image"), so osquery
 * reads them with '/' as the path separator too.
 */
export function lookup(node: unknown, path: string): unknown {
  let value = node;
  for (const key of path.split('/')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A field osquery reads without a default, as text (numbers and booleans print as themselves). */
export function need(node: unknown, path: string): string {
  const value = scalarText(lookup(node, path));
  if (value === undefined) throw new MissingField(`no ${path}`);
  return value;
}

/** A required boolean as 0/1. */
export function needFlag(node: unknown, path: string): number {
  const value = need(node, path);
  if (value === 'true' || value === '1') return 1;
  if (value === 'false' || value === '0') return 0;
  throw new MissingField(`${path} is not a boolean`);
}

/** A required integer. */
export function needInt(node: unknown, path: string): number {
  const value = need(node, path);
  if (!/^-?\d+$/.test(value)) throw new MissingField(`${path} is not an integer`);
  return Number(value);
}

/** A field read with a default of ''. */
export function text(node: unknown, path: string): string {
  return scalarText(lookup(node, path)) ?? '';
}

/** Runs a row builder that may stop at a missing field; that object is then counted as skipped. */
export function tryFields(ctx: QueryContext, what: string, build: () => void): boolean {
  try {
    build();
    return true;
  } catch (err) {
    if (!(err instanceof MissingField)) throw err;
    ctx.errors.skip(`LXD ${what}: ${err.message}`);
    return false;
  }
}

/** A value as osquery's property tree gives its text: scalars as themselves, anything else ''. */
export function scalarTextOf(value: unknown): string {
  return scalarText(value) ?? '';
}
