/**
 * `osprey replay PATH... [--labels FILE] [--json] [--html FILE]`: recorded Zeek logs (TSV or JSON), Suricata EVE,
 * osquery result logs, Linux audit logs and Sysmon for Linux syslog through the enricher and the correlator on the
 * embedded defaults, in event time, as fast as they go. Flows and alerts land in the embedded store (`osprey search`
 * finds them); stdout gets a JSON summary, or with --labels the quality table (--json: summary and quality as one
 * JSON document; --html: also a self-contained page with a timeline).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../common/command.js';
import { defineFlags, parseFlags, UsageError } from '../../common/command-flags.js';
import { createLogger } from '../../common/logger.js';
import { createProgress, ratePerSecond } from '../../common/progress.js';
import { DATA_DIR_FLAG, QUIET_FLAG } from '../../common/stage-flags.js';
import { openLabels, type OpenedLabels } from './labels.js';
import { writeHtmlReport } from './html.js';
import { qualityReport, qualityTable } from './quality.js';
import { runReplay } from './replay.js';
import { listReplayFiles, type ReplayRecord } from './sources.js';
import { openRecords } from './stream.js';
import { replaySummary } from './summary.js';

const FLAGS = defineFlags({
  labels: {
    type: 'string',
    value: 'FILE',
    description:
      'Ground truth ({"malicious": [...]}, a Stratosphere-labelled Zeek conn log or a Stratosphere labels.config): ' +
      'print the quality report',
    complete: 'file',
  },
  json: {
    type: 'boolean',
    description: 'With --labels: print the summary and the quality report as one JSON document',
  },
  html: {
    type: 'string',
    value: 'FILE',
    description: 'With --labels: also write the report as one self-contained HTML page with a timeline (mode 0600)',
    complete: 'file',
  },
  rules: {
    type: 'list',
    value: 'DIR',
    description: 'More rule directories beside the built-in rules (repeatable)',
    complete: 'dir',
  },
  no_store: { type: 'boolean', description: 'Do not write flows and alerts to the embedded store' },
  sensor: { type: 'string', value: 'NAME', default: 'replay', description: 'Sensor name put on the network events' },
  data_dir: DATA_DIR_FLAG,
  quiet: QUIET_FLAG,
});

/** The stream's batches, each network record shown to the labels first (a labels.config labels them as they go). */
async function* observed(
  batches: AsyncIterable<ReplayRecord[]>,
  labels: OpenedLabels | null,
): AsyncGenerator<ReplayRecord[]> {
  for await (const batch of batches) {
    if (labels) for (const record of batch) if (record.input.kind === 'network') labels.observe(record.input.value);
    yield batch;
  }
}

export const replayCommand: Command = {
  usage: 'osprey replay PATH... [--labels FILE [--json] [--html FILE]] [flags]',
  description:
    'Replays recorded Zeek logs (TSV or JSON), Suricata EVE, osquery result logs, Linux audit logs and Sysmon for\n' +
    'Linux syslog (files or directories) through the enricher and the correlator in event time, as fast as they go;\n' +
    'flows and alerts go to the embedded store.\n' +
    'Prints a JSON summary, or with --labels the detection quality per rule. Malformed records are counted and skipped.',
  example: 'osprey replay /data/zeek/2024-05-01/ --labels labels.json',
  flags: FLAGS,
  operands: 'file',
  async run(argv) {
    const { values, positionals } = parseFlags(FLAGS, argv, true);
    if (positionals.length === 0) throw new UsageError('needs at least one PATH (a log file or a directory of logs).');
    for (const path of positionals) if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
    if (values.json && !values.labels) throw new UsageError('--json goes with --labels (the summary is JSON already).');
    if (values.html && !values.labels) throw new UsageError('--html goes with --labels (it plots the quality report).');
    if (values.labels && !existsSync(values.labels)) throw new UsageError(`no such labels file: ${values.labels}`);
    const log = createLogger().child({ component: 'replay' });
    const started = Date.now();
    const stream = openRecords(listReplayFiles(positionals), values.sensor);
    const labels = values.labels ? openLabels(values.labels) : null;
    // The recording is streamed: how many records it holds is known at its end only, so how far through it the
    // replay is counts the bytes read of its files.
    const progress = createProgress({ label: 'replay', total: stream.totalBytes, unit: 'bytes', quiet: values.quiet });
    try {
      const outcome = await runReplay({
        records: observed(stream.batches, labels),
        storeDir: values.no_store ? null : join(values.data_dir, 'store'),
        ruleDirs: values.rules,
        log,
        onProgress: (done, clock) =>
          progress.update(
            stream.totals.bytesRead,
            `${done.toLocaleString('en-US')} records, ${ratePerSecond(done, started, 'records')} | at ${new Date(clock).toISOString()}`,
          ),
      });
      progress.stop();
      for (const bad of stream.malformed.slice(0, 20))
        log.warn({ file: bad.file, line: bad.line }, `Malformed record skipped: ${bad.reason}`);
      if (stream.totals.outOfOrder > 0)
        log.warn(
          { records: stream.totals.outOfOrder },
          'Records out of order beyond the sort window were replayed late.',
        );
      const summary = replaySummary({
        loaded: stream,
        outcome,
        started,
        store: values.no_store ? null : join(values.data_dir, 'store'),
      });
      if (!labels) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const quality = qualityReport(outcome.flows, outcome.alerts, labels.labels);
        if (values.html) {
          const title = `osprey replay: ${positionals.join(', ')}`;
          writeHtmlReport(values.html, {
            title,
            flows: outcome.flows,
            alerts: outcome.alerts,
            labels: labels.labels,
            quality,
          });
        }
        process.stdout.write(
          values.json ? `${JSON.stringify({ summary, quality }, null, 2)}\n` : `${qualityTable(quality)}\n`,
        );
      }
      return 0;
    } finally {
      progress.stop();
    }
  },
};
