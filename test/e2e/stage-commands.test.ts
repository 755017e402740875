/**
 * `osprey enricher`, `osprey correlator` and `osprey indexer` as separate processes, the multi-machine deployment
 * (deploy/systemd runs them so): each starts on its YAML config over the embedded bus, logs its metrics URL, answers
 * /readyz, and stops cleanly on SIGINT. A config with a wrong value stops the start-up with the value's path.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { osprey, start } from '../helpers/osprey-cli.js';
import { waitFor } from '../helpers/wait.js';

const work = mkdtempSync(join(tmpdir(), 'osprey-stage-commands-'));
after(() => rmSync(work, { recursive: true, force: true }));

const STAGES = [
  { name: 'enricher', running: 'Enricher stage running.' },
  { name: 'correlator', running: 'Correlator metrics and health endpoints listening.' },
  { name: 'indexer', running: 'Index stage running.' },
] as const;

/** The metrics URL from the stage's start-up log line (pino JSON), once it is written. */
function metricsUrl(output: string, message: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(message)) continue;
    const record = JSON.parse(line) as { metrics?: string };
    return record.metrics;
  }
  return undefined;
}

for (const stage of STAGES) {
  test(`osprey ${stage.name} runs on its config, is ready, and stops cleanly on SIGINT`, async () => {
    const dataDir = join(work, stage.name);
    const config = join(work, `${stage.name}.yml`);
    writeFileSync(config, 'bus:\n  type: embedded\nmetrics:\n  listen: 127.0.0.1:0\n');
    // The suite runs with OSPREY_LOG_LEVEL=silent; the start-up line is the witness here.
    const running = start([stage.name, '--config', config, '--data_dir', dataDir], { OSPREY_LOG_LEVEL: 'info' });
    try {
      const url = await waitFor(`${stage.name} start-up log line`, () => metricsUrl(running.output(), stage.running), {
        context: running.output,
      });
      const ready = await fetch(new URL('/readyz', url));
      assert.equal(ready.status, 200, await ready.text());
      const metrics = await (await fetch(new URL('/metrics', url))).text();
      assert.match(metrics, /^osprey_build_info/m);
    } finally {
      assert.equal(await running.stop(), 0, running.output());
    }
  });
}

test('a stage config with a wrong value is refused at start-up with the path of the value', () => {
  const config = join(work, 'bad-enricher.yml');
  writeFileSync(config, 'bus:\n  type: carrier-pigeon\n');
  const result = osprey(['enricher', '--config', config, '--data_dir', join(work, 'bad')]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr + result.stdout, /bus\.type/);
});
