/**
 * A long-running `osprey shell` fed through a pipe, for extension tests: lines go in as they are written, output is
 * collected, and a test waits for what it expects with `waitFor` (test/helpers/wait.ts). Runs the compiled CLI from dist/, or
 * the TypeScript sources under tsx when the test itself runs from sources (`npx tsx --test`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../common/paths.js';

export function cliArgs(): string[] {
  return import.meta.url.endsWith('.ts')
    ? ['--import', 'tsx', fromRoot('cli/osprey.ts')]
    : [fromRoot('dist/cli/osprey.js')];
}

export class ShellProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly #exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [...cliArgs(), 'shell', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.#exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Ends stdin (the shell then exits) and waits for the exit code; kills it if it hangs. */
  async close(): Promise<number | null> {
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }
}
