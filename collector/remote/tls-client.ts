/**
 * The transport of osquery's TLS remote API (docs/osquery-compatibility.md §6.1): `POST https://<tls_hostname><endpoint>` with a JSON
 * body, osquery's headers, optional gzip, and the same response rules for every endpoint (HTTP 200, a JSON object,
 * no `node_invalid: true`, no `error` key). --tls_server_certs pins the server: when the file is readable its
 * certificates are the only trust store. --tls_client_cert/--tls_client_key give a client certificate (mTLS).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { gunzipSync, gzipSync } from 'node:zlib';
import { OspreyError, messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { OSQUERY_COMPAT_VERSION } from '../../common/version.js';

export interface RemoteFlags {
  get(name: string): string | undefined;
  getBool(name: string): boolean;
  getNumber(name: string): number;
}

export interface PostOptions {
  /** Gzip the request body (--logger_tls_compress, logger requests only, as osquery). */
  readonly compress?: boolean;
  /** Sent as `Authorization: NodeKey <key>` (docs/osquery-compatibility.md §6.1). */
  readonly nodeKey?: string;
}

/** The server said the node key is not (or no longer) valid: enroll again. */
export class NodeInvalidError extends OspreyError {
  constructor(endpoint: string, detail: string) {
    super('SINK_REJECTED', `Request failed: Invalid node key${detail ? `: ${detail}` : ''} (${endpoint})`, {
      retriable: true,
      context: { endpoint },
    });
    this.name = 'NodeInvalidError';
  }
}

/** A request must not hang the daemon forever (a server that accepts and never answers). */
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class TlsClient {
  readonly #flags: RemoteFlags;
  readonly #log: Logger;
  readonly #agent: Agent;
  readonly #host: string;
  readonly #port: number;

  constructor(flags: RemoteFlags, log: Logger) {
    this.#flags = flags;
    this.#log = log;
    const { host, port } = parseTlsHostname(flags.get('tls_hostname') ?? '');
    this.#host = host;
    this.#port = port;
    this.#agent = new Agent({
      keepAlive: flags.getBool('tls_session_reuse'),
      minVersion: 'TLSv1.2',
      ca: this.#trustStore(),
      cert: readOptional(flags, 'tls_client_cert'),
      key: readOptional(flags, 'tls_client_key'),
      rejectUnauthorized: !flags.getBool('tls_allow_unsafe'),
      checkServerIdentity: checkServerName,
    });
  }

  /** `https://host:port` for messages (never includes a secret). */
  get origin(): string {
    return `https://${this.#host}:${this.#port}`;
  }

  /** POSTs `body` as JSON to `endpoint` and returns the response object; throws on every failure osquery counts. */
  async post(
    endpoint: string,
    body: Record<string, unknown>,
    options: PostOptions = {},
  ): Promise<Record<string, unknown>> {
    if (endpoint === '' || !endpoint.startsWith('/')) {
      throw new OspreyError('CONFIG_INVALID', `TLS endpoint "${endpoint}" must be a path starting with "/"`, {
        retriable: false,
      });
    }
    const json = Buffer.from(JSON.stringify(body));
    const payload = options.compress ? gzipSync(json) : json;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': `osquery/${OSQUERY_COMPAT_VERSION}`,
      'Content-Length': String(payload.length),
    };
    if (options.compress) headers['Content-Encoding'] = 'gzip';
    if (this.#flags.getBool('tls_accept_gzip')) headers['Accept-Encoding'] = 'gzip';
    if (options.nodeKey) headers.Authorization = `NodeKey ${options.nodeKey}`;
    const response = await this.#send(endpoint, headers, payload);
    return checkResponse(endpoint, `${this.origin}${endpoint}`, response);
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(endpoint: string, headers: Record<string, string>, payload: Buffer): Promise<RawResponse> {
    const url = `${this.origin}${endpoint}`;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.#host,
          port: this.#port,
          path: endpoint,
          method: 'POST',
          headers,
          agent: this.#agent,
          servername: isIP(this.#host) ? undefined : this.#host,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', (err) =>
            reject(
              new OspreyError('BROKER_UNAVAILABLE', `TLS response from ${url} failed: ${messageOf(err)}`, {
                cause: err,
              }),
            ),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', (err) => {
        reject(
          new OspreyError('BROKER_UNAVAILABLE', `TLS request to ${url} failed: ${messageOf(err)}`, { cause: err }),
        );
      });
      req.end(payload);
    });
  }

  /** osquery loads --tls_server_certs when readable, else uses the system's roots (with a warning). */
  #trustStore(): Buffer | undefined {
    const path = this.#flags.get('tls_server_certs') ?? '';
    if (path === '') return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      this.#log.warn(
        { path },
        `Cannot read TLS server certificate(s) ${path}: ${messageOf(err)}; using the system's roots.`,
      );
      return undefined;
    }
  }
}

interface RawResponse {
  readonly status: number;
  readonly encoding: string | undefined;
  readonly body: Buffer;
}

function checkResponse(endpoint: string, url: string, response: RawResponse): Record<string, unknown> {
  if (response.status !== 200) {
    throw new OspreyError('SINK_REJECTED', `TLS request to ${url} failed: HTTP ${response.status}`, {
      retriable: true,
      context: { status: response.status },
    });
  }
  let parsed: unknown;
  try {
    const text = (response.encoding === 'gzip' ? gunzipSync(response.body) : response.body).toString('utf8');
    parsed = JSON.parse(text);
  } catch (err) {
    throw new OspreyError('DECODE_ERROR', `TLS response from ${url} is not JSON: ${messageOf(err)}`, {
      retriable: true,
      cause: err,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OspreyError('DECODE_ERROR', `TLS response from ${url} is not a JSON object`, { retriable: true });
  }
  const object = parsed as Record<string, unknown>;
  const error = object.error === undefined ? '' : String(object.error);
  if (object.node_invalid === true) throw new NodeInvalidError(endpoint, error);
  if (object.error !== undefined) {
    throw new OspreyError('SINK_REJECTED', `TLS request to ${url} failed: ${error}`, { retriable: true });
  }
  return object;
}

/** `host[:port]` without a scheme (osquery's --tls_hostname); port 443 when absent; `[v6]:port` accepted. */
export function parseTlsHostname(value: string): { host: string; port: number } {
  const text = value.trim();
  const match = /^(\[[^\]]+\]|[^:/\s]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) {
    throw new OspreyError('CONFIG_INVALID', `--tls_hostname must be host[:port] without a scheme, got "${value}"`, {
      retriable: false,
    });
  }
  const port = match[2] === undefined ? 443 : Number(match[2]);
  if (port < 1 || port > 65535) {
    throw new OspreyError('CONFIG_INVALID', `--tls_hostname has an invalid port: "${value}"`, { retriable: false });
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

/**
 * Node's check, plus an explicit Common Name fallback for certificates without a subjectAltName (osquery's own test
 * certificates, and many internal CAs, carry the name only in the CN; OpenSSL's hostname check accepts them).
 */
export function checkServerName(hostname: string, cert: PeerCertificate): Error | undefined {
  if (cert.subjectaltname === undefined && isIP(hostname) === 0) {
    const cn = cert.subject?.CN;
    const names = Array.isArray(cn) ? cn : cn ? [cn] : [];
    if (names.some((name) => nameMatches(hostname, name))) return undefined;
    return Object.assign(
      new Error(`Hostname/IP does not match certificate's CN: Host: ${hostname} is not cert's CN: ${names.join(', ')}`),
      {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      },
    );
  }
  return checkServerIdentity(hostname, cert);
}

/** Case-insensitive; a `*` may stand for the whole leftmost label only (RFC 6125 §6.4.3). */
function nameMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const name = pattern.toLowerCase().replace(/\.$/, '');
  if (!name.startsWith('*.')) return host === name;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === name.slice(1) && name.split('.').length > 2;
}

function readOptional(flags: RemoteFlags, name: string): Buffer | undefined {
  const path = flags.get(name) ?? '';
  if (path === '') return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new OspreyError('CONFIG_INVALID', `Cannot read --${name} ${path}: ${messageOf(err)}`, {
      retriable: false,
      cause: err,
    });
  }
}
