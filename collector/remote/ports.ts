/**
 * What remote management (osquery's TLS API) needs from the daemon, as narrow interfaces: remote/ imports nothing
 * from daemon/. The daemon implements them (collector/daemon/remote-ports.ts) and hands them over in RemoteContext.
 */

/** The daemon's engine, as the TLS plugins use it. */
export interface RemoteEngine {
  /** Rows as objects (enrolment's host details, discovery queries); throws the SQL error. */
  queryRows(sql: string): Array<Record<string, unknown>>;
  /** Rows as osquery's distributed write sends them: every value text, doubles printed as osquery logs them. */
  queryText(sql: string): Array<Record<string, string>>;
}

/**
 * osquery's distributed denylist: the query that is running is recorded (in the daemon's store, and told to the
 * watchdog), so that when it kills the worker the next worker refuses that query for a while.
 */
export interface DistributedGuard {
  /** The ids refused at `nowSeconds`. */
  denied(nowSeconds: number): ReadonlySet<string>;
  deny(id: string, nowSeconds: number, seconds: number): void;
  /** The id that was running when the previous worker stopped, cleared so that it is handled once. */
  takeInterrupted(): string | undefined;
  /** Records `id` as running until `finished()`. */
  running(id: string): void;
  finished(): void;
}
