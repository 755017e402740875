/** Helpers for the publisher tests: a publisher in a child; the in-memory sink and context (bench/support/publisher-sink.ts). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitFor as waitForWitness } from '../../../test/helpers/wait.js';
import type { PublisherContext, PublisherState } from '../types.js';

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

/** What a publisher reports when another Node process, such as another test file, is the audit daemon. */
const AUDIT_HELD_BY_NODE = /audit is owned by pid \d+ \(node\)/;

function heldByOtherTest(state: PublisherState): boolean {
  return state.state !== 'running' && AUDIT_HELD_BY_NODE.test(state.reason);
}

/**
 * Starts something that takes over audit (a publisher here or in a child) and, while another test process holds
 * audit (test files run two at a time and several take audit over for a moment), stops it and starts again until
 * audit is free. Past the deadline the last attempt is returned: the caller sees its disabled state.
 */
export async function startWhenAuditFree<T>(
  start: () => Promise<T>,
  stateOf: (started: T) => PublisherState,
  stop: (started: T) => Promise<void>,
): Promise<T> {
  let started = await start();
  try {
    await waitForWitness(
      'audit let go by another test process',
      async () => {
        if (!heldByOtherTest(stateOf(started))) return true;
        await stop(started);
        started = await start();
        return !heldByOtherTest(stateOf(started));
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  } catch {
    // Still held after the deadline: the caller reports the state it got.
  }
  return started;
}

/** A publisher in this process started by startWhenAuditFree. */
export function startPublisherWhenAuditFree(
  publisher: { start(ctx: PublisherContext): Promise<PublisherState>; stop(): Promise<void> },
  ctx: PublisherContext,
): Promise<PublisherState> {
  return startWhenAuditFree(
    () => publisher.start(ctx),
    (state) => state,
    () => publisher.stop(),
  );
}
