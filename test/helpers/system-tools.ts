/** Moved to bench/support/system-tools.ts (the benchmarks use it too, and they import no test helpers). */
export * from '../../bench/support/system-tools.js';
