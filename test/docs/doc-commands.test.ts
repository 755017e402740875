/**
 * Every command the README, docs/*.md and each stage's README show runs as shown: in a scratch HOME on the embedded
 * defaults, with the example files they name. Each exits as the text implies (an `Error` shown means a failure,
 * anything else success), and where output is shown the real output has its shape (output-shape.ts). Long-running
 * commands (`npm start`, the daemon, `ship --follow`) are started, waited on for a witness and stopped with Ctrl-C
 * at the end of their document, which must stop them cleanly. Lines that cannot run here carry a doc-test marker
 * (doc-blocks.ts); the last test reports how many ran and how many are marked.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { startFakeElasticsearch, type FakeElasticsearch } from '../helpers/fake-elasticsearch.js';
import { waitFor } from '../helpers/wait.js';
import { parseDocCommands, type DocCommand } from './doc-blocks.js';
import {
  environment,
  invocation,
  longRunning,
  makeScratch,
  startCommand,
  type Scratch,
  type Started,
} from './doc-runner.js';
import { shapeMismatch } from './output-shape.js';

/** Deadlines for a hang on a loaded two-core machine, never measures of speed. */
const COMMAND_DEADLINE_MS = 180_000;

const NOT_DOCS = new Set(['node_modules', 'dist', 'build', '.git', 'test', 'fixtures', 'tmp']);

function documents(dir = fromRoot()): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !NOT_DOCS.has(entry.name)) found.push(...documents(path));
    else if (
      entry.isFile() &&
      (entry.name === 'README.md' || (entry.name.endsWith('.md') && relative(fromRoot(), dir) === 'docs'))
    )
      found.push(path);
  }
  return found.sort();
}

const tally = { ran: 0, marked: [] as string[] };
const scratches: Scratch[] = [];
let elasticsearch: FakeElasticsearch | undefined;
before(async () => {
  elasticsearch = await startFakeElasticsearch();
});
after(async () => {
  scratches.forEach((s) => s.remove());
  await elasticsearch?.close();
});

interface Background {
  readonly command: DocCommand;
  readonly started: Started;
}

for (const path of documents()) {
  const file = relative(fromRoot(), path);
  const commands = parseDocCommands(readFileSync(path, 'utf8'), file);
  if (commands.length === 0) continue;
  test(`the commands ${file} shows run as shown`, async (t) => {
    const scratch = makeScratch(elasticsearch?.url ?? 'http://127.0.0.1:9');
    scratches.push(scratch);
    const background: Background[] = [];
    try {
      for (const command of commands) {
        if (command.skip !== undefined) {
          tally.marked.push(`${command.where} ${command.text} (${command.skip})`);
          await t.test(`${command.where} $ ${command.text}`, { skip: command.skip }, () => undefined);
          continue;
        }
        await t.test(`${command.where} $ ${command.text}`, () => runCommand(command, scratch, background));
        tally.ran++;
      }
    } finally {
      await stopAll(t, background);
    }
  });
}

async function runCommand(command: DocCommand, scratch: Scratch, background: Background[]): Promise<void> {
  const how = invocation(command.text, scratch);
  const running = longRunning(how.args);
  if (running) {
    const started = startCommand(how, environment(scratch));
    background.push({ command, started });
    await waitFor(
      running.what,
      () => {
        if (started.child.exitCode !== null)
          throw new Error(`${command.where}: exited early:\n${started.output().join('\n')}`);
        return running.ready(started.output(), scratch);
      },
      { timeoutMs: COMMAND_DEADLINE_MS, context: () => started.output().join('\n') },
    );
    return;
  }
  const expectFailure = /^error\b/i.test(command.shown[0]?.trim() ?? '');
  const check = async (): Promise<string | undefined> => {
    const { code, output } = await runToEnd(command, scratch);
    if (expectFailure !== (code !== 0))
      return `exit code ${String(code)} (the text implies ${expectFailure ? 'failure' : 'success'}):\n${output.join('\n')}`;
    const mismatch = command.shown.length > 0 ? shapeMismatch(command.shown, output) : undefined;
    return mismatch && `output has another shape than shown (${mismatch}):\n${output.join('\n')}`;
  };
  // While the pipeline runs, what a search finds grows: ask again until it has the shape shown.
  let problem: string | undefined;
  if (background.length > 0 && command.shown.length > 0) {
    await waitFor(
      `${command.where} to print what the text shows`,
      async () => (problem = await check()) === undefined,
      {
        timeoutMs: COMMAND_DEADLINE_MS,
        intervalMs: 1000,
        context: () => problem ?? '',
      },
    );
  } else problem = await check();
  assert.equal(problem, undefined, `${command.where}: $ ${command.text}\n${problem ?? ''}`);
}

async function runToEnd(command: DocCommand, scratch: Scratch): Promise<{ code: number | null; output: string[] }> {
  const started = startCommand(invocation(command.text, scratch), environment(scratch));
  let code: number | null | undefined;
  void started.exited.then((c) => (code = c));
  try {
    await waitFor(
      `${command.where} to exit (a command that runs until stopped belongs in doc-runner.ts longRunning)`,
      () => code !== undefined,
      {
        timeoutMs: COMMAND_DEADLINE_MS,
        context: () => started.output().join('\n'),
      },
    );
  } finally {
    if (code === undefined) await started.stop();
  }
  return { code: code ?? null, output: started.output() };
}

/** Ctrl-C, newest first, as a user ends the terminals; each stops cleanly and printed what its shown output shows. */
async function stopAll(t: TestContext, background: Background[]): Promise<void> {
  for (const { command, started } of background.reverse()) {
    const code = await started.stop();
    await t.test(`${command.where} $ ${command.text}: Ctrl-C stops it cleanly`, () => {
      // npm reports an interrupted script as 130 (128 + SIGINT) whatever the script did; Osprey itself exits 0.
      const clean = command.text.startsWith('npm ') ? [0, 130] : [0];
      assert.ok(
        clean.includes(code ?? -1),
        `${command.where}: exit code ${String(code)} after Ctrl-C:\n${started.output().join('\n')}`,
      );
      const mismatch = command.shown.length > 0 ? shapeMismatch(command.shown, started.output()) : undefined;
      assert.equal(
        mismatch,
        undefined,
        `${command.where}: output has another shape than shown: ${mismatch ?? ''}\n${started.output().join('\n')}`,
      );
    });
  }
}

test('every command the docs show ran here or is marked with why not', (t) => {
  t.diagnostic(`${tally.ran} command lines ran, ${tally.marked.length} marked as not runnable here:`);
  for (const line of tally.marked) t.diagnostic(`  ${line}`);
  assert.ok(tally.ran > 0, 'the docs show commands and the test ran them');
});
