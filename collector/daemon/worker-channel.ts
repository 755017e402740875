/**
 * The worker's side of the watchdog channel: tells the watcher (over the fork IPC channel, when there is one) which
 * scheduled query is running, so the watcher can enforce the per-query wall-time limit and name the query when it
 * stops the worker. Without a watcher (--disable_watchdog) it does nothing.
 */
export type WorkerMessage = { type: 'query'; name: string; startedMs: number } | { type: 'idle' };

export class WorkerChannel {
  readonly #send: ((message: WorkerMessage) => void) | undefined;

  constructor() {
    const send = process.send?.bind(process);
    this.#send = send && process.connected ? (message) => void send(message) : undefined;
  }

  querying(name: string): void {
    this.#post({ type: 'query', name, startedMs: Date.now() });
  }

  idle(): void {
    this.#post({ type: 'idle' });
  }

  #post(message: WorkerMessage): void {
    if (!this.#send || !process.connected) return;
    try {
      this.#send(message);
    } catch {
      // The watcher is gone; the worker notices through 'disconnect' and stops.
    }
  }
}
