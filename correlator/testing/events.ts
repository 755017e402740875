/** Moved to bench/support/correlator-events.ts (the benchmarks use it too, and they import no test helpers). */
export * from '../../bench/support/correlator-events.js';
