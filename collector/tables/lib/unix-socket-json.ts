/**
 * JSON over HTTP on a daemon's UNIX socket (the Docker Engine API, the LXD REST API), for table generators: one
 * synchronous GET through sync-http's worker, the body parsed. No socket file means the service is not installed:
 * null without a skip, so the table is simply empty (as osquery, which only logs at verbose level). A refused
 * connection, an unexpected status or a body that is not JSON is counted as a skip and also gives null.
 */
import { existsSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';
import { httpGetUnixSync } from './sync-http.js';

export interface UnixJsonService {
  /** Names the service in skip reasons ("Docker", "LXD"). */
  readonly name: string;
  readonly socket: string;
  /** Statuses that carry a usable body (osquery accepts 200 from Docker, 200 and 202 from LXD). */
  readonly okStatuses: readonly number[];
}

export function unixSocketGetJson(ctx: QueryContext, service: UnixJsonService, path: string): unknown {
  if (!existsSync(service.socket)) return null;
  try {
    const res = httpGetUnixSync(service.socket, path);
    if (!service.okStatuses.includes(res.status)) {
      ctx.errors.skip(`${service.name} answered ${res.status} to GET ${path}`);
      return null;
    }
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    ctx.errors.skip(`${service.name} request GET ${path} on ${service.socket} failed`, err);
    return null;
  }
}

// Typed views of parsed JSON: a wrong type reads as absent, as a missing key does.

export function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A JSON scalar as osquery's property tree reads it as text (numbers and booleans print as themselves). */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A JSON boolean (or "true"/"1") as osquery's 0/1 INTEGER; absent reads as 0. */
export function flag(v: unknown): number {
  return v === true || v === 'true' || v === 1 || v === '1' ? 1 : 0;
}

/** Follows a dotted path of object keys ("cpu_stats.cpu_usage.total_usage"). */
export function at(v: unknown, path: string): unknown {
  let node = v;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
