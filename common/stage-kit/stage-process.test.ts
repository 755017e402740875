import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../paths.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-stage-process-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A stage process (embedded bus) whose start never finishes by itself: it prints `starting` and waits. */
function stageNeverStarting(): string {
  const url = (path: string): string => pathToFileURL(fromRoot('dist', path)).href;
  return `
    import { runStageProcess } from '${url('common/stage-kit/stage-process.js')}';
    import { createLogger } from '${url('common/logger.js')}';
    const log = createLogger({ level: 'info', fd: 1 });
    const code = await runStageProcess({
      name: 'indexer',
      config: { bus: { type: 'embedded' }, metrics: { listen: '127.0.0.1:0' } },
      dataDir: ${JSON.stringify(root)},
      log,
      start: ({ signal }) => {
        process.stdout.write('starting\\n');
        signal.addEventListener('abort', () => process.stdout.write('start saw the stop\\n'));
        return new Promise(() => setInterval(() => undefined, 60_000));
      },
    });
    process.stdout.write('exit code ' + code + '\\n');
  `;
}

test('a stop during a stage start-up ends the start-up, with exit code 0', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', stageNeverStarting()], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let sent = false;
  child.stdout.on('data', (data: Buffer) => {
    out += data.toString();
    if (!sent && out.includes('starting\n')) {
      sent = true;
      child.kill('SIGTERM');
    }
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  // Without honouring the signal the start-up would hang until the stop budget ran out (exit code 1).
  assert.equal(code, 0, out);
  assert.match(out, /start saw the stop/);
  assert.match(out, /Stopped during start-up/);
  assert.match(out, /exit code 0/);
});
