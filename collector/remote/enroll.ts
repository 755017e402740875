/**
 * Enrollment (docs/osquery-compatibility.md §6.2): the enroll secret (--enroll_secret_path, trimmed, else the environment variable named
 * by --enroll_secret_env), the host identifier and host details go to --enroll_tls_endpoint; the node key that comes
 * back is kept in a private file under --database_path (osquery keeps it in its database as `nodeKey`) and reused
 * until a server says `node_invalid`.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OspreyError, messageOf } from '../../common/errors.js';
import { writePrivate } from '../../common/paths.js';
import type { RemoteFlags, TlsClient } from './tls-client.js';

/** The first row of each table osquery sends as host_details, values as strings. */
export type HostDetails = Record<string, Record<string, string>>;

export const HOST_DETAIL_TABLES = ['os_version', 'osquery_info', 'system_info', 'platform_info'] as const;

/** osquery's platform mask for Linux (POSIX 1 | LINUX 8), sent as a string. */
const PLATFORM_TYPE = '9';

/** The node key file: `<database_path>/remote/node_key`, 0600 in a 0700 directory, replaced atomically. */
export class NodeKeyFile {
  readonly #path: string;

  constructor(databasePath: string) {
    this.#path = join(databasePath, 'remote', 'node_key');
  }

  read(): string | undefined {
    try {
      const key = readFileSync(this.#path, 'utf8').trim();
      return key === '' ? undefined : key;
    } catch {
      return undefined;
    }
  }

  write(key: string): void {
    const temp = `${this.#path}.tmp`;
    writePrivate(temp, key);
    renameSync(temp, this.#path);
  }

  delete(): void {
    rmSync(this.#path, { force: true });
  }
}

/** --enroll_secret_path wins over --enroll_secret_env, as in osquery; neither set gives the empty secret. */
export function readEnrollSecret(flags: RemoteFlags): string {
  const path = flags.get('enroll_secret_path') ?? '';
  if (path !== '') {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (err) {
      throw new OspreyError('CONFIG_INVALID', `Cannot read --enroll_secret_path ${path}: ${messageOf(err)}`, {
        retriable: false,
        cause: err,
      });
    }
  }
  const env = flags.get('enroll_secret_env') ?? '';
  return env === '' ? '' : (process.env[env] ?? '');
}

export interface EnrollRequest {
  readonly client: TlsClient;
  readonly flags: RemoteFlags;
  readonly hostIdentifier: string;
  readonly hostDetails: HostDetails;
}

/** One enrollment attempt: returns the node key, or throws (a server answering `node_invalid` refused the secret). */
export async function enrollOnce(request: EnrollRequest): Promise<string> {
  const { client, flags } = request;
  const endpoint = flags.get('enroll_tls_endpoint') ?? '';
  if (endpoint === '') {
    throw new OspreyError('CONFIG_INVALID', 'Cannot enroll: --enroll_tls_endpoint is empty', { retriable: false });
  }
  const secretKey = flags.get('tls_enroll_override') || 'enroll_secret';
  const body = {
    [secretKey]: readEnrollSecret(flags),
    host_identifier: request.hostIdentifier,
    platform_type: PLATFORM_TYPE,
    host_details: request.hostDetails,
  };
  const response = await client.post(endpoint, body);
  const key =
    typeof response.node_key === 'string' ? response.node_key : typeof response.id === 'string' ? response.id : '';
  if (key === '') {
    throw new OspreyError('SINK_REJECTED', `Enrollment at ${client.origin}${endpoint} returned no node_key`, {
      retriable: true,
    });
  }
  return key;
}

/** osquery's enrollment back-off: attempt n sleeps min(n², --tls_enroll_max_interval) seconds before the next. */
export function enrollDelaySeconds(attempt: number, maxInterval: number): number {
  return Math.min(attempt * attempt, maxInterval > 0 ? maxInterval : 600);
}

/** Rows from the engine as host_details: missing tables (platform_info on machines without SMBIOS) are `{}`. */
export function hostDetailsFrom(queryRows: (sql: string) => Array<Record<string, unknown>>): HostDetails {
  const details: HostDetails = {};
  for (const table of HOST_DETAIL_TABLES) {
    let row: Record<string, unknown> = {};
    try {
      row = queryRows(`SELECT * FROM ${table} LIMIT 1`)[0] ?? {};
    } catch {
      // The table does not exist here; osquery sends an empty object too.
    }
    details[table] = Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
    );
  }
  return details;
}
