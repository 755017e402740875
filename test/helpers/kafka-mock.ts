/** Moved to bench/support/kafka-mock.ts (the benchmarks use it too, and they import no test helpers). */
export * from '../../bench/support/kafka-mock.js';
