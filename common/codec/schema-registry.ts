/**
 * A minimal Confluent Schema Registry client (REST API v1): register a schema under a subject and fetch a schema by
 * id. Subjects follow RecordNameStrategy (the record's full name), because one record type (enriched_event) is
 * written to two topics. Credentials go in the Authorization header and never into logs or error messages.
 */
import { OspreyError } from '../errors.js';
import { retry } from '../retry.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface SchemaRegistryOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Attempts per request for network errors and 5xx answers. */
  readonly retries?: number;
  readonly timeoutMs?: number;
}

export class SchemaRegistryClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #retries: number;
  readonly #timeoutMs: number;

  constructor(options: SchemaRegistryOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#headers = { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE };
    if (options.username !== undefined) {
      const token = Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
      this.#headers.Authorization = `Basic ${token}`;
    }
    this.#retries = options.retries ?? 5;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Registers (or finds) the schema under the subject; returns its global id. */
  async register(subject: string, schemaText: string): Promise<number> {
    const body = JSON.stringify({ schema: JSON.stringify(JSON.parse(schemaText)) });
    const answer = await this.#request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
    return idOf(answer, subject);
  }

  /** The schema text registered under an id. */
  async schemaById(id: number): Promise<string> {
    const answer = (await this.#request('GET', `/schemas/ids/${id}`)) as { schema?: unknown; schemaType?: unknown };
    if (typeof answer.schema !== 'string') {
      throw new OspreyError('DECODE_ERROR', `Schema Registry returned no schema for id ${id}.`, { retriable: false });
    }
    if (answer.schemaType !== undefined && answer.schemaType !== 'AVRO') {
      throw new OspreyError('DECODE_ERROR', `Schema id ${id} is ${String(answer.schemaType)}, not AVRO.`, {
        retriable: false,
      });
    }
    return answer.schema;
  }

  async #request(method: string, path: string, body?: string): Promise<unknown> {
    return retry(
      async () => {
        let response: Response;
        try {
          response = await fetch(this.#base + path, {
            method,
            headers: this.#headers,
            body,
            signal: AbortSignal.timeout(this.#timeoutMs),
          });
        } catch (err) {
          throw new OspreyError(
            'BROKER_UNAVAILABLE',
            `Schema Registry ${method} ${path} failed: ${(err as Error).message}`,
            { cause: err },
          );
        }
        const text = await response.text();
        if (!response.ok) {
          throw new OspreyError(
            'SINK_REJECTED',
            `Schema Registry ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`,
            {
              retriable: response.status >= 500 || response.status === 429,
              context: { status: response.status },
            },
          );
        }
        try {
          return JSON.parse(text) as unknown;
        } catch (err) {
          throw new OspreyError('DECODE_ERROR', `Schema Registry ${method} ${path} answered non-JSON.`, {
            cause: err,
            retriable: false,
          });
        }
      },
      { retries: this.#retries, initialDelayMs: 200, maxDelayMs: 5_000 },
    );
  }
}

function idOf(answer: unknown, subject: string): number {
  const id = (answer as { id?: unknown }).id;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new OspreyError('DECODE_ERROR', `Schema Registry gave no id registering ${subject}.`, { retriable: false });
  }
  return id;
}
