/**
 * A real Kafka-protocol broker for tests: the librdkafka mock cluster inside Debian's kcat (docs/architecture.md, "Testing without a broker"). It
 * lives as long as the kcat process that started it; topics are auto-created (4 partitions); CreateTopics is not
 * implemented. `npm test` installs kcat before the runner starts (scripts/system-deps.mjs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { requireCommand } from './system-tools.js';

export interface KafkaMock {
  /** Comma-separated host:port list. */
  readonly bootstrapServers: string;
  readonly brokers: string[];
  stop(): Promise<void>;
}

/** The path of kcat; throws naming the Debian package when it is missing. */
export function kcatPath(): string {
  return requireCommand('kcat', 'kcat');
}

export async function startKafkaMock(options: { brokers?: number } = {}): Promise<KafkaMock> {
  const kcat = kcatPath();
  const child = spawn(
    kcat,
    [
      '-C',
      '-b',
      '127.0.0.1:1',
      '-t',
      'osprey-mock-keepalive',
      '-X',
      `test.mock.num.brokers=${options.brokers ?? 3}`,
      '-X',
      'debug=mock',
      '-q',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const servers = await bootstrapFrom(child);
  // Keep draining stderr (debug=mock is chatty) so the pipe never fills and blocks the broker.
  child.stderr?.resume();
  return {
    bootstrapServers: servers,
    brokers: servers.split(','),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function bootstrapFrom(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`kcat mock cluster did not start: ${seen.slice(-500)}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /bootstrap\.servers=([0-9.:,]+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve(match[1]);
      }
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`kcat exited (${code}) before the mock cluster started: ${seen.slice(-500)}`)),
    );
  });
}

/** Runs kcat as a consumer to the end of a topic; returns the raw values (for cross-checking our consumer). */
export function kcatConsume(bootstrapServers: string, topic: string, count: number): Buffer[] {
  const result = spawnSync(
    kcatPath(),
    ['-C', '-b', bootstrapServers, '-t', topic, '-o', 'beginning', '-c', String(count), '-e', '-q', '-f', '%S %s'],
    {
      encoding: 'buffer',
      timeout: 20_000,
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`kcat -C failed: ${result.stderr.toString().slice(-500)}`);
  return splitSized(result.stdout);
}

/** kcat's `%S %s` prints each value's byte length, a space, then the value: binary-safe framing. */
function splitSized(out: Buffer): Buffer[] {
  const values: Buffer[] = [];
  let pos = 0;
  while (pos < out.length) {
    const space = out.indexOf(0x20, pos);
    if (space < 0) break;
    const size = Number(out.subarray(pos, space).toString());
    values.push(out.subarray(space + 1, space + 1 + size));
    pos = space + 1 + size;
  }
  return values;
}
