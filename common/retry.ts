import { RetriesExceededError, toOspreyError } from './errors.js';

export interface RetryOptions {
  /** Attempts in total, the first included. */
  retries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** 0..1: how much of each delay is random, so that many agents do not retry in step. */
  jitter?: number;
  /** A stop: no attempt starts after it is aborted, and the back-off sleep ends at once (rejecting with its reason). */
  signal?: AbortSignal;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * The one retry helper (kafkajs retry/index.js): jittered exponential backoff that stops at once on an error whose
 * `retriable` is false, and wraps the last error in RetriesExceededError.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 5, initialDelayMs = 100, maxDelayMs = 30_000, factor = 2, jitter = 0.2 } = options;
  let delay = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (!toOspreyError(err).retriable || options.signal?.aborted) throw err;
      if (attempt >= retries) throw new RetriesExceededError(attempt, err);
      const wait = Math.min(maxDelayMs, delay) * (1 - jitter + Math.random() * 2 * jitter);
      options.onRetry?.(err, attempt, wait);
      await sleep(wait, options.signal);
      delay *= factor;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
