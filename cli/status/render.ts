/** The text `osprey status` prints: one block per process, in the words an operator would look for. */
import type { ProcessReport } from './report.js';

const SHOWN_QUERIES = 8;

export function renderReports(reports: readonly ProcessReport[], looked: readonly string[]): string {
  if (reports.length === 0) return `Osprey is not running (no status file at ${looked.join(' or ')}).\n`;
  return reports.map(renderOne).join('\n');
}

function renderOne(r: ProcessReport): string {
  const lines = [`osprey ${r.command}: ${state(r)}`];
  lines.push(`  pid:       ${r.pid}${r.running ? '' : ' (gone)'}`);
  lines.push(`  version:   ${r.version}`);
  lines.push(`  started:   ${r.startedAt}`);
  lines.push(`  metrics:   ${r.metricsUrl ? `${r.metricsUrl}/metrics` : 'none (no --metrics_listen)'}`);
  if (r.endpointError) lines.push(`  endpoints: ${r.endpointError}`);
  if (r.readyChecks)
    lines.push(
      `  checks:    ${
        Object.entries(r.readyChecks)
          .map(([k, ok]) => `${k} ${ok ? 'ok' : 'FAILING'}`)
          .join(', ') || 'none'
      }`,
    );
  const lag = Object.entries(r.lagByGroup);
  if (lag.length > 0) lines.push(`  bus lag:   ${lag.map(([group, n]) => `${group} ${n}`).join(', ')} messages`);
  if (r.storeBytes !== undefined) lines.push(`  store:     ${bytes(r.storeBytes)}`);
  if (r.differentialStoreBytes !== undefined) lines.push(`  state db:  ${bytes(r.differentialStoreBytes)}`);
  if (r.outboxRecords !== undefined) lines.push(`  outbox:    ${r.outboxRecords} records waiting`);
  if (r.alertsLastHour !== undefined) lines.push(`  alerts:    ${r.alertsLastHour} in the last hour`);
  if (r.lastQueries.length > 0) {
    lines.push('  last scheduled queries:');
    for (const q of r.lastQueries.slice(0, SHOWN_QUERIES))
      lines.push(`    ${q.query}  ${q.lastRun} (${q.ageSeconds}s ago)`);
    if (r.lastQueries.length > SHOWN_QUERIES)
      lines.push(`    … and ${r.lastQueries.length - SHOWN_QUERIES} more (--json lists all)`);
  }
  lines.push(`  status file: ${r.statusFile}`);
  return `${lines.join('\n')}\n`;
}

function state(r: ProcessReport): string {
  if (!r.running) return 'not running (stale status file)';
  if (r.endpointError) return 'running, endpoints not answering';
  if (r.healthy === false || r.ready === false) return 'running, NOT READY';
  return r.metricsUrl ? 'running, ready' : 'running';
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
