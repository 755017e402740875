import type { Logger } from './logger.js';

/**
 * Starts a stage (or several), then stops it cleanly on SIGINT or SIGTERM: the stop function flushes and closes
 * what was started. Resolves to the process exit code.
 */
export async function runUntilSignal(log: Logger, start: () => Promise<() => Promise<void>>): Promise<number> {
  const stop = await start();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('Stopping.');
  await stop();
  return 0;
}
