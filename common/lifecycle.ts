/**
 * How long-running commands stop. The contract (issue #16): a process exits within 5 s of SIGTERM or SIGINT in every
 * state, with code 0 after a clean stop; a second signal exits at once. Everything that must survive a stop is on
 * disk before the stop begins (the daemon's log queue, the bus, offsets), so a stop only flushes what can be flushed
 * quickly and leaves the rest for the next start; a process killed half-way loses nothing either.
 */
import { OspreyError } from './errors.js';
import type { Logger } from './logger.js';

/** The most a graceful stop may take before the process exits anyway (with code 1): under the 5 s contract. */
export const STOP_BUDGET_MS = 4000;

/** Once a stop has finished, how long a library's leftover timer or socket may keep the process alive. */
const LINGER_MS = 500;

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGINT: 2, SIGTERM: 15 };

export interface StopSignals {
  /** Aborted at the first stop signal: retry loops and waits given it end at once. */
  readonly signal: AbortSignal;
  /** Resolves at the first stop signal. */
  readonly requested: Promise<void>;
  /** A stop for another reason (the watcher went away), as a first signal; nothing if a stop is under way. */
  request(reason: string): void;
  /** Stops listening (tests that run a command in-process). */
  dispose(): void;
}

export interface StopSignalOptions {
  /** Which signals stop (default SIGTERM and SIGINT; the daemon's worker leaves SIGINT to its watcher). */
  readonly signals?: readonly NodeJS.Signals[];
  /** After the first signal, the process exits with code 1 if still running after this long. */
  readonly budgetMs?: number;
  /** Runs before a second signal's immediate exit (the watcher kills its worker). */
  readonly onSecondSignal?: () => void;
}

/**
 * Installs the stop-signal handlers; call it before start-up, so a signal during start-up is a stop too. The first
 * signal aborts `signal` and arms a backstop (an unref'd timer: it fires only if something still keeps the process
 * alive); a second signal exits at once with 128 + the signal's number, as a shell reports a killed process.
 */
export function watchStopSignals(log: Logger, options: StopSignalOptions = {}): StopSignals {
  const controller = new AbortController();
  const budgetMs = options.budgetMs ?? STOP_BUDGET_MS;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let resolveRequested: () => void = () => undefined;
  const requested = new Promise<void>((resolve) => (resolveRequested = resolve));
  const request = (reason: string): void => {
    if (controller.signal.aborted) return;
    log.info({ reason }, `Stopping (${reason}).`);
    controller.abort(new OspreyError('ABORTED', `Stopping (${reason}).`, { retriable: false }));
    resolveRequested();
    setTimeout(() => {
      log.error(
        `Did not stop within ${budgetMs} ms of ${reason}; exiting. Queued records stay on disk for the next start.`,
      );
      process.exit(1);
    }, budgetMs).unref();
  };
  const onSignal = (name: NodeJS.Signals): void => {
    if (!controller.signal.aborted) return request(name);
    log.warn({ signal: name }, `Second ${name}: exiting now.`);
    options.onSecondSignal?.();
    process.exit(128 + (SIGNAL_NUMBERS[name] ?? 15));
  };
  for (const name of signals) process.on(name, onSignal);
  return {
    signal: controller.signal,
    requested,
    request,
    dispose: () => {
      for (const name of signals) process.off(name, onSignal);
    },
  };
}

/**
 * After a clean stop: exit with `code` as soon as the event loop is empty, or after a moment if a client library
 * left a retry timer or a connecting socket behind (kafkajs does, against an unreachable broker).
 */
export function exitWhenIdle(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), LINGER_MS).unref();
}

/** Waits for `work` at most `ms`; resolves to whether it finished in time. A rejection counts as finished. */
export async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a stage (or several), then stops it cleanly on SIGINT or SIGTERM: the stop function flushes and closes
 * what was started. `start` is given the stop signal: a stop during start-up makes it close what it started and
 * throw, and that is a clean stop too. Resolves to the process exit code, and makes sure the process exits soon after.
 */
export async function runUntilSignal(
  log: Logger,
  start: (signal: AbortSignal) => Promise<() => Promise<void>>,
): Promise<number> {
  const stopSignals = watchStopSignals(log);
  let stop: () => Promise<void>;
  try {
    stop = await start(stopSignals.signal);
  } catch (err) {
    if (!stopSignals.signal.aborted) throw err;
    log.info('Stopped during start-up.');
    exitWhenIdle(0);
    return 0;
  }
  await stopSignals.requested;
  log.info('Stopping.');
  await stop();
  exitWhenIdle(0);
  return 0;
}

/** Waits for `work` unless `signal` aborts first (then rejects with its reason); `work` is left to settle unobserved. */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
