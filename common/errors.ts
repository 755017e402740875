/**
 * One error type for the whole pipeline (kafkajs / tRPC style): a closed set of codes, a retriable flag that the
 * retry helper honours, context fields for logs and metrics, and the original cause.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'SQL_ERROR'
  | 'TABLE_ERROR'
  | 'IO_ERROR'
  | 'DECODE_ERROR'
  | 'ENCODE_ERROR'
  | 'BROKER_UNAVAILABLE'
  | 'SINK_REJECTED'
  | 'TIMEOUT'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'LOCKED'
  | 'RETRIES_EXCEEDED'
  /** A stop (SIGTERM) ended the wait or the retries: nothing failed, the work is left for the next start. */
  | 'ABORTED'
  | 'USAGE'
  | 'INTERNAL';

export interface ErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  context?: Record<string, unknown>;
}

const RETRIABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['BROKER_UNAVAILABLE', 'TIMEOUT', 'IO_ERROR']);

export class OspreyError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OspreyError';
    this.code = code;
    this.retriable = options.retriable ?? RETRIABLE_BY_DEFAULT.has(code);
    this.context = options.context ?? {};
  }
}

/**
 * The retry helper gave up. It stays retriable when the last error was (a broker that is still down may come back):
 * a caller further out, such as a stage runner, may try the whole operation again later.
 */
export class RetriesExceededError extends OspreyError {
  constructor(attempts: number, cause: unknown) {
    super('RETRIES_EXCEEDED', `Gave up after ${attempts} attempts: ${messageOf(cause)}`, {
      retriable: toOspreyError(cause).retriable,
      cause,
      context: { attempts },
    });
    this.name = 'RetriesExceededError';
  }
}

/** Normalises anything thrown into an OspreyError, keeping the original as the cause. */
export function toOspreyError(err: unknown, fallback: ErrorCode = 'INTERNAL'): OspreyError {
  if (err instanceof OspreyError) return err;
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'EACCES' || errno === 'EPERM') {
    return new OspreyError('PERMISSION_DENIED', messageOf(err), { cause: err, retriable: false });
  }
  if (errno === 'ENOENT') return new OspreyError('NOT_FOUND', messageOf(err), { cause: err, retriable: false });
  if (errno === 'ECONNREFUSED' || errno === 'ECONNRESET' || errno === 'ETIMEDOUT') {
    return new OspreyError('BROKER_UNAVAILABLE', messageOf(err), { cause: err });
  }
  return new OspreyError(fallback, messageOf(err), { cause: err });
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
