/**
 * `osprey status`: what Osprey is running on this machine. It finds the status files a running `osprey run`
 * (DATA_DIR/run.status.json) or `osprey daemon` (DATABASE_PATH/daemon.status.json) keeps, and asks each process's
 * /healthz, /readyz and /metrics for the rest: last scheduled query runs, bus lag per stage, store size, alerts in the
 * last hour. Exit codes follow LSB `status`: 0 running and ready, 1 running but not healthy or not ready (or its
 * endpoints do not answer), 3 not running; 2 is a usage error, as for every command.
 */
import type { Command } from '../../common/command.js';
import { defineFlags, parseFlags } from '../../common/command-flags.js';
import { DEFAULT_DATABASE_PATH, statusFilePath } from '../../common/status-file.js';
import { DATA_DIR_FLAG } from '../../common/stage-flags.js';
import { reportFor, type ProcessReport } from './report.js';
import { renderReports } from './render.js';

const FLAGS = defineFlags({
  data_dir: DATA_DIR_FLAG,
  database_path: {
    type: 'string',
    value: 'DIR',
    default: DEFAULT_DATABASE_PATH,
    description: "A standalone daemon's --database_path",
    complete: 'dir',
  },
  json: { type: 'boolean', description: 'One JSON document instead of text' },
});

export const EXIT_NOT_RUNNING = 3;

export const statusCommand: Command = {
  usage: 'osprey status [--data_dir DIR] [--database_path DIR] [--json]',
  description:
    'Shows what Osprey runs on this machine (osprey run, osprey daemon): health, last scheduled queries, bus lag per\n' +
    "stage, store size and alerts in the last hour, read from each process's health endpoints.",
  example: 'osprey status --data_dir /tmp/osprey',
  flags: FLAGS,
  notes: 'Exit code: 0 running and ready, 1 running but unhealthy or not ready, 3 not running.',
  async run(argv) {
    const { values } = parseFlags(FLAGS, argv);
    const paths = [statusFilePath(values.data_dir, 'run'), statusFilePath(values.database_path, 'daemon')];
    const found = (await Promise.all(paths.map((path) => reportFor(path)))).filter((r) => r !== undefined);
    const reports = found.filter((r): r is ProcessReport => !('invalid' in r));
    for (const bad of found.filter((r): r is { path: string; invalid: string } => 'invalid' in r)) {
      process.stderr.write(`osprey status: ignoring ${bad.path}: ${bad.invalid}\n`);
    }
    const code = exitCode(reports);
    if (values.json)
      process.stdout.write(`${JSON.stringify({ running: code !== EXIT_NOT_RUNNING, processes: reports }, null, 2)}\n`);
    else process.stdout.write(renderReports(reports, paths));
    return code;
  },
};

export function exitCode(reports: readonly ProcessReport[]): number {
  const running = reports.filter((r) => r.running);
  if (running.length === 0) return EXIT_NOT_RUNNING;
  const unwell = running.some((r) => r.endpointError !== undefined || r.healthy === false || r.ready === false);
  return unwell ? 1 : 0;
}
