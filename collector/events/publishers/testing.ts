/** Helpers for the publisher tests: a publisher in a child; the in-memory sink and context (bench/support/publisher-sink.ts). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitFor as waitForWitness } from '../../../test/helpers/wait.js';
import type { PublisherState } from '../types.js';

export { contextWith, memorySink, type MemorySink } from '../../../bench/support/publisher-sink.js';

/**
 * The old argument order of the shared `waitFor` (test/helpers/wait.ts), kept only for process.test.ts while that
 * publisher is being rewritten; new tests import the shared one. Remove once process.test.ts does too.
 */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  await waitForWitness(what, check, { timeoutMs });
}

export interface ChildPublisher {
  /** The state start() returned in the child. */
  readonly state: PublisherState;
  readonly pid: number;
  /** Stops the publisher in the child and waits for the child to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a publisher (exported as `className` from the module at `moduleUrl`) in a child Node process, optionally as
 * another user, and keeps it running until stop(): for privilege and ownership tests that need a second process.
 */
export async function startInChild(
  moduleUrl: string,
  className: string,
  flags: Record<string, string>,
  user?: { uid: number; gid: number },
): Promise<ChildPublisher> {
  const code = [
    `const { ${className} } = await import(${JSON.stringify(moduleUrl)});`,
    `const log = { child() { return log; }, trace() {}, debug() {}, info() {}, warn() {}, error() {} };`,
    `const flags = ${JSON.stringify(flags)};`,
    `const publisher = new ${className}();`,
    `const state = await publisher.start({ sink: { add() {} }, log, flag: (n) => flags[n], config: () => ({}) });`,
    `process.stdout.write(JSON.stringify(state) + '\\n');`,
    `process.stdin.on('data', async () => { await publisher.stop(); process.exit(0); });`,
  ].join('\n');
  const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], {
    ...(user ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = once(child, 'exit');
  await Promise.race([
    waitForWitness('the child publisher to start', () => out.includes('\n'), { timeoutMs: 30_000 }),
    exited,
  ]);
  if (!out.includes('\n')) throw new Error(`the child publisher exited before starting: ${err}`);
  const state = JSON.parse(out.slice(0, out.indexOf('\n'))) as PublisherState;
  return {
    state,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null) {
        child.stdin.write('stop\n');
        await exited;
      }
    },
  };
}
