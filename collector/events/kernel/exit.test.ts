/**
 * A closed event source must not keep Node alive: a child process opens each kernel source, closes it, and must
 * then exit by itself (an open libuv handle or thread-safe function would keep it running until killed).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';

async function exitsOnItsOwn(code: string): Promise<number | null> {
  const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], { stdio: 'ignore' });
  const exit = once(child, 'exit') as Promise<[number | null]>;
  // Generous: a stuck child is killed after 30 s and then reports a signal instead of a code.
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [status] = await exit;
  clearTimeout(killer);
  return status;
}

describe('kernel event sources', () => {
  it('let the process exit once an Inotify is closed', async () => {
    const url = new URL('./inotify.js', import.meta.url).href;
    const code = `const { Inotify, IN } = await import(${JSON.stringify(url)});
      const i = Inotify.open(() => {}); i.addWatch('/tmp', IN.CREATE); setTimeout(() => i.close(), 50);`;
    assert.equal(await exitsOnItsOwn(code), 0);
  });

  it('let the process exit once the proc connector is closed', async () => {
    const url = new URL('./proc-connector.js', import.meta.url).href;
    const code = `const { ProcConnector } = await import(${JSON.stringify(url)});
      const c = ProcConnector.open({ onEvents() {} }); setTimeout(() => c.close(), 50);`;
    assert.equal(await exitsOnItsOwn(code), 0);
  });

  it('let the process exit once an audit socket is closed', async () => {
    const url = new URL('./audit.js', import.meta.url).href;
    const code = `const { AuditSocket } = await import(${JSON.stringify(url)});
      const a = AuditSocket.open(); a.start(() => {}); setTimeout(() => a.close(), 50);`;
    assert.equal(await exitsOnItsOwn(code), 0);
  });
});
