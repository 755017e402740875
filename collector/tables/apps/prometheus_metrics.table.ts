/** osquery's `prometheus_metrics` table (spec specs/posix/prometheus_metrics.table, implementation applications/prometheus_metrics@genPrometheusMetrics). */
import { col, defineTable } from '../../engine/spec.js';
import { genPrometheusMetrics } from './prometheus_metrics.js';

export default defineTable({
  name: 'prometheus_metrics',
  description: 'Retrieve metrics from a Prometheus server.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('target_name', 'TEXT', 'Address of prometheus target'),
    col('metric_name', 'TEXT', 'Name of collected Prometheus metric'),
    col('metric_value', 'DOUBLE', 'Value of collected Prometheus metric'),
    col('timestamp_ms', 'BIGINT', 'Unix timestamp of collected data in MS'),
  ],
  generate: (ctx) => genPrometheusMetrics(ctx),
});
