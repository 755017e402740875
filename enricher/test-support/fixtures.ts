/** Moved to bench/support/enricher-fixtures.ts (the benchmarks use it too, and they import no test helpers). */
export * from '../../bench/support/enricher-fixtures.js';
