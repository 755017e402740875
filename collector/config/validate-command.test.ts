import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exited, spawnOsprey } from '../daemon/testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function validate(config: string): Promise<{ code: number | null; out: string }> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(path, config);
  const child = spawnOsprey('validate', [`--config_path=${path}`]);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const { code } = await exited(child);
  return { code, out: out.replaceAll(path, 'CONFIG') };
}

test('osprey validate prints every error with its JSON path and exits non-zero', async () => {
  const { code, out } = await validate(
    JSON.stringify({
      options: { logger_event_type: 'maybe', logger_plugin: 'stdout' },
      schedule: {
        a: { query: 'SELEC 1', interval: 60 },
        b: { query: 'SELECT 1', interval: 'hourly' },
        c: { query: 'SELECT 1', colour: 1 },
      },
    }),
  );
  assert.equal(code, 1);
  assert.match(out, /^error: CONFIG: \$\.schedule\.b\.interval: expected a number or a string holding an integer$/m);
  assert.match(
    out,
    /^error: CONFIG: \$\.options\.logger_event_type: --logger_event_type takes a boolean, got "maybe"$/m,
  );
  assert.match(out, /^error: CONFIG: \$\.schedule\.a\.query: SQL does not compile: near "SELEC": syntax error$/m);
  assert.match(out, /^warning: CONFIG: \$\.schedule\.c\.colour: unknown query key is ignored$/m);
  assert.match(
    out,
    /^warning: CONFIG: \$\.options\.logger_plugin: the CLI only flag --logger_plugin set via config file will be ignored$/m,
  );
  assert.match(out, /^CONFIG: 3 error\(s\), 2 warning\(s\)$/m);
});

test('osprey validate exits 0 for a good config', async () => {
  const { code, out } = await validate(
    '# comment\n{"schedule": {"t": {"query": "SELECT * FROM time", "interval": 5}}}',
  );
  assert.equal(code, 0, out);
  assert.match(out, /0 error\(s\), 0 warning\(s\)/);
});
