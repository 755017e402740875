/**
 * `osprey status` against a real `osprey run`: it finds the run through its status file, reads its health endpoints
 * and shows the daemon's scheduled queries, the bus lag per stage and the store size; after the stop it says "not
 * running" with LSB's exit code 3. A status file left by a process that is gone is reported as stale, not running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { currentBootId, statusFilePath, writeStatusFile } from '../../common/status-file.js';
import { osprey, start } from '../helpers/osprey-cli.js';
import { waitFor } from '../helpers/wait.js';

const work = mkdtempSync(join(tmpdir(), 'osprey-status-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface StatusJson {
  running: boolean;
  processes: Array<{
    command: string;
    pid: number;
    running: boolean;
    ready?: boolean;
    metricsUrl?: string;
    lastQueries: Array<{ query: string; ageSeconds: number }>;
    lagByGroup: Record<string, number>;
    storeBytes?: number;
    alertsLastHour?: number;
  }>;
}

function statusJson(dataDir: string): { code: number | null; report: StatusJson } {
  const result = osprey(['status', '--data_dir', dataDir, '--database_path', join(work, 'no-daemon'), '--json']);
  return { code: result.status, report: JSON.parse(result.stdout) as StatusJson };
}

test(
  'osprey status reads a running osprey run from its endpoints, then reports it stopped',
  { timeout: 240_000 },
  async () => {
    const dataDir = join(work, 'data');
    const run = start(['run', '--data_dir', dataDir, '--metrics_listen', '127.0.0.1:0']);
    try {
      const file = statusFilePath(dataDir, 'run');
      await waitFor('the run to write its status file', () => existsSync(file), {
        timeoutMs: 120_000,
        context: run.output,
      });
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const seen = await waitFor(
        'status to show a scheduled query run and the stages’ consumer groups',
        () => {
          const { code, report } = statusJson(dataDir);
          const proc = report.processes[0];
          return code === 0 && proc && proc.lastQueries.length > 0 && Object.keys(proc.lagByGroup).length > 0
            ? { code, proc }
            : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000, context: run.output },
      );
      assert.equal(seen.proc.command, 'run');
      assert.equal(seen.proc.pid, run.child.pid);
      assert.equal(seen.proc.ready, true);
      assert.match(seen.proc.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(typeof seen.proc.storeBytes, 'number');
      assert.equal(typeof seen.proc.alertsLastHour, 'number');
      assert.ok(seen.proc.lastQueries.every((q) => q.ageSeconds >= 0));

      const text = osprey(['status', '--data_dir', dataDir, '--database_path', join(work, 'no-daemon')]);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^osprey run: running, ready$/m);
      assert.match(text.stdout, /bus lag: .* messages/);
      assert.match(text.stdout, /last scheduled queries:/);
    } finally {
      assert.equal(await run.stop(), 0, run.output());
    }
    assert.equal(existsSync(statusFilePath(dataDir, 'run')), false, 'a clean stop removes the status file');
    const stopped = osprey(['status', '--data_dir', dataDir, '--database_path', join(work, 'no-daemon')]);
    assert.equal(stopped.status, 3);
    assert.match(stopped.stdout, /Osprey is not running/);
  },
);

test('a status file left by a process that is gone is stale: exit 3, not running', () => {
  const dataDir = join(work, 'stale');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(gone.stdout);
  writeStatusFile({
    command: 'run',
    pid,
    version: '0.0.0',
    startedAt: new Date().toISOString(),
    bootId: currentBootId(),
    stateDir: dataDir,
    metricsUrl: 'http://127.0.0.1:1',
  });
  const { code, report } = statusJson(dataDir);
  assert.equal(code, 3);
  assert.equal(report.running, false);
  assert.equal(report.processes[0]?.running, false);
  const text = osprey(['status', '--data_dir', dataDir, '--database_path', join(work, 'no-daemon')]);
  assert.match(text.stdout, /not running \(stale status file\)/);
});

test('a status file from an earlier boot is stale even if its pid exists now', () => {
  const dataDir = join(work, 'reboot');
  writeStatusFile({
    command: 'run',
    pid: process.pid,
    version: '0.0.0',
    startedAt: new Date().toISOString(),
    bootId: 'an-earlier-boot',
    stateDir: dataDir,
  });
  assert.equal(statusJson(dataDir).code, 3);
});

test('osprey status with a bad flag is a usage error', () => {
  const result = osprey(['status', '--no_such_flag']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--no_such_flag/);
});
