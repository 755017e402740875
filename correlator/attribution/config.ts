/** Attribution parameters (all event-time milliseconds unless named otherwise); see correlator/README.md. */
export interface AttributionConfig {
  /** How far a flow's time may lie outside a socket's [first seen, last seen] and still match: the snapshot interval. */
  readonly matchWindowMs: number;
  /** Clock difference tolerated between sensors and endpoints. */
  readonly clockSkewMs: number;
  /** How far behind the newest endpoint event an endpoint event may still arrive (the watermark's lag). */
  readonly allowedLatenessMs: number;
  /** Processing-time bound: a flow waits at most this long (wall clock) for the endpoint watermark. */
  readonly maxWaitMs: number;
  /** Sockets, processes: dropped this long after last seen (behind the watermark). */
  readonly stateTtlMs: number;
  /** Sockets known open (a differential `added` row without its `removed`): forgotten this long after last seen. */
  readonly openSocketTtlMs: number;
  readonly maxSockets: number;
  readonly maxProcesses: number;
  readonly maxHosts: number;
  /** Flows waiting for the watermark; beyond this the oldest are attributed at once. */
  readonly maxPendingFlows: number;
  /**
   * How far a flow's time may lie from a connect call (either way, clock skew included) for the flow to be attributed
   * by the call's remote end alone (audit connects carry no local port).
   */
  readonly remoteConnectWindowMs: number;
}

export const DEFAULT_ATTRIBUTION: AttributionConfig = {
  matchWindowMs: 60_000,
  clockSkewMs: 2_000,
  allowedLatenessMs: 5_000,
  maxWaitMs: 30_000,
  stateTtlMs: 15 * 60_000,
  openSocketTtlMs: 24 * 3_600_000,
  maxSockets: 1_000_000,
  maxProcesses: 500_000,
  maxHosts: 100_000,
  maxPendingFlows: 200_000,
  remoteConnectWindowMs: 5_000,
};
