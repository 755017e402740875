/**
 * osquery's stdout logger: result and snapshot lines to standard output, status logs as their JSON objects. Delivery
 * resolves when the lines are handed to the kernel (the pipe's reader owns them from there), so records may repeat
 * after a crash between the write and the cursor update (at least once, unlike the filesystem logger).
 */
import { formatDiff, formatOptionsFromFlags, formatSnapshot, formatStatus } from './format.js';
import type { LogRecord, LoggerPlugin, LoggerPluginContext } from './types.js';

export function createStdoutLogger(
  ctx: LoggerPluginContext,
  out: NodeJS.WritableStream = process.stdout,
): LoggerPlugin {
  return {
    name: 'stdout',
    deliver(records: readonly LogRecord[]): Promise<void> {
      const options = formatOptionsFromFlags(ctx.flags);
      const lines: string[] = [];
      for (const { payload } of records) {
        if (payload.kind === 'diff') lines.push(...formatDiff(payload, options));
        else if (payload.kind === 'snapshot') lines.push(...formatSnapshot(payload, options));
        else lines.push(formatStatus(payload, options));
      }
      if (lines.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        out.write(`${lines.join('\n')}\n`, (err) => (err ? reject(err) : resolve()));
      });
    },
    async close(): Promise<void> {},
  };
}
