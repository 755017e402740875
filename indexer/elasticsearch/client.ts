/**
 * Builds the Elasticsearch client from the index stage's config. The client's major version must match the
 * cluster's: this package pins @elastic/elasticsearch 8.x for 8.x clusters; for a 9.x cluster install
 * @elastic/elasticsearch@9 (same API for everything used here) — see docs/architecture.md, "Elasticsearch versions".
 */
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import { readFileSync } from 'node:fs';
import { OspreyError } from '../../common/errors.js';

export interface ElasticsearchConnection {
  /** One URL or several. */
  node: string | string[];
  apiKey?: string;
  username?: string;
  password?: string;
  /** PEM CA bundle for a cluster with its own CA. */
  caFile?: string;
  requestTimeoutMs?: number;
  /** For tests: @elastic/elasticsearch-mock's connection class. */
  Connection?: ClientOptions['Connection'];
}

export function createClient(options: ElasticsearchConnection): Client {
  const clientOptions: ClientOptions = {
    node: options.node,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    maxRetries: 2,
    compression: false,
  };
  if (options.apiKey) clientOptions.auth = { apiKey: options.apiKey };
  else if (options.username) clientOptions.auth = { username: options.username, password: options.password ?? '' };
  if (options.caFile) {
    try {
      clientOptions.tls = { ca: readFileSync(options.caFile, 'utf8') };
    } catch (err) {
      throw new OspreyError('CONFIG_INVALID', `Cannot read the Elasticsearch CA file ${options.caFile}.`, {
        cause: err,
        retriable: false,
      });
    }
  }
  if (options.Connection) clientOptions.Connection = options.Connection;
  return new Client(clientOptions);
}
