/** Moved to bench/support/daemon-process.ts (the benchmarks use it too, and they import no test helpers). */
export * from '../../bench/support/daemon-process.js';
