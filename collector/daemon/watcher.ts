/**
 * The watchdog's watcher process (osquery's design, docs/osquery-compatibility.md §10): it forks the worker (this same command with
 * OSPREY_DAEMON_WORKER=1), reads the worker's /proc stat every 3 s once --watchdog_delay has passed, and stops a
 * worker that exceeds its CPU, memory or per-query wall-time limit: SIGKILL at once when a scheduled query is running
 * (so the query stays marked as executing and the next worker denylists it), otherwise SIGTERM and SIGKILL after
 * --watchdog_forced_shutdown_delay. Workers are respawned with osquery's back-off; a worker exiting 0 ends the
 * watcher, and one exiting 78 (a broken config, a locked database) ends it with an error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Logger } from '../../common/logger.js';
import type { Flags } from '../flags/flags.js';
import { readProcessUsage, watchdogLimits, WatchdogRules, type WatchdogLimits } from './watchdog-limits.js';
import { MemoryTrim } from './memory-trim.js';
import type { WorkerMessage } from './worker-channel.js';

export const WORKER_ENV = 'OSPREY_DAEMON_WORKER';
export const STOP_REASON_ENV = 'OSPREY_WATCHDOG_REASON';
export const EXIT_CATASTROPHIC = 78;

interface WorkerState {
  readonly child: ChildProcess;
  readonly spawnedMs: number;
  readonly rules: WatchdogRules;
  query?: { name: string; startedMs: number };
  stopReason?: string;
}

/**
 * glibc's malloc gives each thread that allocates its own arena (up to 8 per core); the worker's few threads (V8's,
 * libuv's, SQLite's callers) each kept freed memory in their own, which was ~20 MB of the worker's RSS after the
 * big per-query bursts (process_memory_map, process_envs). Two arenas bound that at no measurable CPU cost (the
 * worker allocates from one JS thread). An operator's own setting wins.
 */
const WORKER_MALLOC_ENV: Readonly<Record<string, string>> = process.env.MALLOC_ARENA_MAX
  ? {}
  : { MALLOC_ARENA_MAX: '2' };

export class Watcher {
  readonly #flags: Flags;
  readonly #log: Logger;
  readonly #argv: readonly string[];
  readonly #limits: WatchdogLimits;
  #worker: WorkerState | undefined;
  #restarts = 0;
  #shuttingDown = false;
  #timer: NodeJS.Timeout | undefined;
  /** The respawn back-off's timer: a stop cancels it, so a stop during back-off exits at once. */
  #respawnTimer: NodeJS.Timeout | undefined;
  #finish: (code: number) => void = () => undefined;
  readonly #trim = new MemoryTrim();

  constructor(flags: Flags, log: Logger, argv: readonly string[]) {
    this.#flags = flags;
    this.#log = log.child({ component: 'watcher' });
    this.#argv = argv;
    this.#limits = watchdogLimits(flags);
  }

  /** Runs until the worker ends for good; resolves to the exit code. */
  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.#finish = resolve));
    this.#spawn(undefined);
    this.#timer = setInterval(() => this.#check(), this.#limits.checkIntervalSeconds * 1000);
    return done.finally(() => clearInterval(this.#timer));
  }

  /**
   * SIGTERM/SIGINT: stop the worker gracefully, then exit. The worker bounds its own stop (common/lifecycle.ts);
   * one that is still alive after `killAfterMs` is killed, which loses nothing (its state is crash-safe).
   */
  shutdown(killAfterMs: number): void {
    this.#shuttingDown = true;
    clearTimeout(this.#respawnTimer);
    const worker = this.#worker;
    if (!worker) return this.#finish(0);
    worker.child.kill('SIGTERM');
    setTimeout(() => worker.child.kill('SIGKILL'), killAfterMs).unref();
  }

  /** A second signal: the worker is killed at once. */
  kill(): void {
    this.#worker?.child.kill('SIGKILL');
  }

  /** SIGHUP: the worker reloads its config. */
  reload(): void {
    this.#worker?.child.kill('SIGHUP');
  }

  #spawn(reason: string | undefined): void {
    const script = process.argv[1] ?? '';
    const heapMb = Math.max(128, this.#limits.memoryMb + 64);
    const child = fork(script, ['daemon', ...this.#argv], {
      env: {
        ...process.env,
        ...WORKER_MALLOC_ENV,
        [WORKER_ENV]: '1',
        ...(reason ? { [STOP_REASON_ENV]: reason } : {}),
      },
      // A capped old space bounds the worker's heap; a small young generation keeps its idle RSS low (the worker
      // allocates in short bursts once per query, so a large nursery buys little). 1 MB semi-spaces cost 2-8 % more
      // CPU in side-by-side runs for no reliable RSS gain (issue #19).
      execArgv: [
        ...process.execArgv.filter(
          (a) => !a.startsWith('--max-old-space-size') && !a.startsWith('--max-semi-space-size'),
        ),
        `--max-old-space-size=${heapMb}`,
        '--max-semi-space-size=2',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const state: WorkerState = {
      child,
      spawnedMs: Date.now(),
      rules: new WatchdogRules(this.#limits, availableParallelism()),
    };
    this.#worker = state;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'query') state.query = { name: message.name, startedMs: message.startedMs };
      else delete state.query;
    });
    child.on('exit', (code, signal) => this.#onExit(state, code, signal));
    this.#log.info({ workerPid: child.pid }, 'Started the osprey daemon worker.');
  }

  #check(): void {
    this.#trim.afterWork(); // the watcher's own pages: it only sleeps and reads /proc between checks
    const worker = this.#worker;
    if (!worker || worker.stopReason || worker.child.pid === undefined) return;
    if (Date.now() - worker.spawnedMs < this.#flags.getNumber('watchdog_delay') * 1000) return;
    const usage = readProcessUsage(worker.child.pid);
    if (!usage) return;
    const reason =
      worker.rules.check(usage) ??
      worker.rules.checkQuery(worker.query?.name, worker.query?.startedMs ?? 0, Date.now());
    if (reason) this.#stop(worker, reason);
  }

  #stop(worker: WorkerState, reason: string): void {
    const detail = worker.query ? `${reason}; while running scheduled query ${worker.query.name}` : reason;
    worker.stopReason = detail;
    this.#log.warn({ workerPid: worker.child.pid }, `osqueryd worker (${worker.child.pid}) stopping: ${detail}`);
    if (worker.query) {
      worker.child.kill('SIGKILL');
      return;
    }
    worker.child.kill('SIGTERM');
    const delay = Math.max(1, this.#flags.getNumber('watchdog_forced_shutdown_delay')) * 1000;
    setTimeout(() => worker.child.kill('SIGKILL'), delay).unref();
  }

  #onExit(worker: WorkerState, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    if (this.#shuttingDown) return this.#finish(0);
    if (!worker.stopReason && code === 0) return this.#finish(0);
    if (!worker.stopReason && code === EXIT_CATASTROPHIC) return this.#finish(1);
    const lived = (Date.now() - worker.spawnedMs) / 1000;
    const why = worker.stopReason ?? `the worker exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`;
    let delaySeconds = 0;
    if (lived < this.#limits.respawnLimit) {
      this.#restarts += 1;
      if (this.#restarts >= this.#limits.respawnLimit) {
        this.#log.error('Too many worker restarts.');
        return this.#finish(1);
      }
      delaySeconds = Math.min(
        this.#limits.respawnDelaySeconds + 2 ** this.#restarts,
        this.#flags.getNumber('watchdog_max_delay') || 600,
      );
    } else {
      this.#restarts = 0;
    }
    this.#log.warn({ delaySeconds }, `Restarting the osprey daemon worker in ${delaySeconds} s: ${why}.`);
    this.#respawnTimer = setTimeout(() => {
      this.#respawnTimer = undefined;
      if (!this.#shuttingDown) this.#spawn(why);
      else this.#finish(0);
    }, delaySeconds * 1000);
  }
}
