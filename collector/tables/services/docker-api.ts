/**
 * The few Docker Engine API calls the docker tables make, synchronously over the daemon's UNIX socket
 * (osquery's --docker_socket, default /var/run/docker.sock). No socket means no Docker: callers get null and the
 * tables return no rows.
 */
import { existsSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';
import { httpGetUnixSync } from '../lib/sync-http.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

export function dockerSocket(ctx: QueryContext): string {
  return ctx.services.flags?.get('docker_socket') || DEFAULT_SOCKET;
}

/** GET a Docker API path and parse its JSON; null (and a counted skip) when Docker is absent or answers badly. */
export function dockerGet(ctx: QueryContext, path: string): unknown {
  const socket = dockerSocket(ctx);
  if (!existsSync(socket)) return null;
  try {
    const res = httpGetUnixSync(socket, path);
    if (res.status !== 200) {
      ctx.errors.skip(`Docker answered ${res.status} to GET ${path}`);
      return null;
    }
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    ctx.errors.skip(`Docker request GET ${path} on ${socket} failed`, err);
    return null;
  }
}

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
