/**
 * Tests drive real programs (promtool, prometheus, kcat, python3-thrift). `npm test` installs them once before the
 * runner starts (scripts/system-deps.mjs); a test only finds them, and fails with a message naming the Debian package
 * when one is missing. No test installs anything.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The path of `command`; throws naming `debianPackage` when it is not installed. */
export function requireCommand(command: string, debianPackage: string): string {
  if (!hasCommand(command)) {
    throw new Error(`${command} is not installed: run \`npm test\` as root once, or apt-get install ${debianPackage}.`);
  }
  return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
}

/** Debian's python3 when it can import thrift (Debian package python3-thrift). */
export function pythonWithThrift(): string {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import thrift'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `${python} cannot import thrift: run \`npm test\` as root once, or apt-get install python3-thrift.`,
    );
  }
  return python;
}
