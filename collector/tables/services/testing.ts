/**
 * Test helper: runs fixtures/fake-api-daemon.mjs on a temporary UNIX socket in a child process, serving the Docker
 * (startFakeDocker) or LXD (startFakeLxd) responses, with the table's socket flag pointing at it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, QueryContext } from '../../engine/spec.js';

export interface FakeDaemon {
  socket: string;
  pid: number;
  requests: string[];
  context(table: string, constraints?: Constraint[]): QueryContext;
  stop(): void;
  /** Resolves once the daemon has logged a request matching the pattern (its stderr is read asynchronously). */
  requested(pattern: RegExp): Promise<string>;
}

export type FakeDocker = FakeDaemon;

export function startFakeDocker(): Promise<FakeDaemon> {
  return startFakeDaemon('docker_socket', 'docker-api-responses.json');
}

export function startFakeLxd(): Promise<FakeDaemon> {
  return startFakeDaemon('lxd_socket', 'lxd-api-responses.json');
}

async function startFakeDaemon(flag: string, responses: string): Promise<FakeDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-api-'));
  const socket = join(dir, 'api.sock');
  const fixtures = fromRoot('collector/tables/services/fixtures');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(fixtures, 'fake-api-daemon.mjs'), socket, join(fixtures, responses)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const requests: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => requests.push(...chunk.toString().trim().split('\n')));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`fake API daemon exited (${code})`)));
  });
  const flags = { get: (name: string) => (name === flag ? socket : undefined), list: () => [] };
  return {
    socket,
    pid: child.pid ?? 0,
    requests,
    context: (table, constraints = []) => createQueryContext({ table, constraints, services: { flags } }),
    requested: (pattern) =>
      new Promise((resolve) => {
        const check = (): void => {
          const hit = requests.find((r) => pattern.test(r));
          if (hit !== undefined) resolve(hit);
          else child.stderr?.once('data', () => setImmediate(check));
        };
        check();
      }),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
