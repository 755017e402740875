/**
 * `osprey shell` (and `ospreyi`): osqueryi's command line. Positional SQL or `--query` runs once, `-L` lists tables,
 * `-A TABLE` selects all from one, piped stdin runs statement by statement, and a terminal gets the interactive
 * prompt. Flags are osquery's (the Flags registry holds its SHELL_FLAGs); exit codes are osqueryi's.
 * Start-up stays lean: the engine loads only after the flags parse, readline only for a terminal.
 */
import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../common/command.js';
import type { FlagSpecs } from '../../common/command-flags.js';
import { listedDefinitions, specFromDefinition } from '../flags/gflags-spec.js';
import { VERSION } from '../../common/version.js';
import { silentLogger } from '../../common/logger.js';
import { Flags } from '../flags/flags.js';
import { shellHomeDirectory } from './history.js';
import { glogWarning } from './warning.js';
import { stdoutStream, writeStdout } from './stdout.js';
import { hostUuidFor } from '../tables/lib/host-uuid.js';
import { defaultSettings, ShellSession, type ShellOutput, type ShellSettings } from './session.js';
import { moduleLoader } from '../../common/load-module.js';
import type * as EngineModule from '../engine/engine.js';
import type * as HostModule from '../extensions/host.js';
import type * as ShellEventsModule from './shell-events.js';
import type * as MetaModule from './meta.js';
import type * as InteractiveModule from './interactive.js';
import type * as PipedModule from './piped.js';

/** The engine and the modules of one run's path load on use, synchronously where Node can (load-module.ts). */
const load = moduleLoader(import.meta.url);

export const shellCommand: Command = {
  usage: 'osprey shell [flags] ["SQL" | ".meta-command"]\n       ospreyi [flags]',
  description:
    "Runs SQL against this host's tables, as osqueryi does. Without SQL it reads statements from stdin, or gives a\n" +
    'prompt when stdin is a terminal.',
  example: `osprey shell --json "SELECT pid, name, cmdline FROM processes WHERE name = 'sshd'"`,
  get flags() {
    return shellFlagSpecs();
  },
  notes:
    'Every osquery flag is accepted as well (--disable_events, --nullvalue, …; `osprey daemon --help` lists them).',
  operands: 'table',
  dialect: 'gflags',
  run: runShell,
};

/** osqueryi's shell-only flags (-L and -A first, as its help has them), and gflags' --version. */
function shellFlagSpecs(): FlagSpecs {
  const flags = new Flags();
  const specs: Record<string, FlagSpecs[string]> = {};
  for (const name of ['L', 'A']) {
    const def = flags.definition(name);
    if (def)
      specs[name] = {
        ...specFromDefinition(def),
        ...(name === 'A' ? { value: 'TABLE', complete: 'table' as const } : {}),
      };
  }
  for (const def of listedDefinitions(flags)) {
    if (def.kind !== 'SHELL_FLAG') continue;
    const spec = specFromDefinition(def);
    const unsupported = (UNSUPPORTED as readonly string[]).includes(def.name) ? ' (not supported by Osprey)' : '';
    specs[def.name] = { ...spec, description: `${spec.description}${unsupported}` };
  }
  specs.version = { type: 'boolean', description: 'Print "osqueryi version X" and exit' };
  return specs;
}

async function runShell(argv: string[]): Promise<number> {
  if (argv.includes('--version')) {
    // gflags' --version, as osqueryi answers it (scripts match "osqueryi version").
    process.stdout.write(`osqueryi version ${VERSION}\n`);
    return 0;
  }
  let invocation: Invocation;
  let output: ClosableOutput;
  try {
    invocation = parseInvocation(argv);
    output = openOutput(invocation.flags.get('output') ?? '');
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  try {
    return await runWithEngine(invocation, output);
  } finally {
    output.close();
  }
}

interface Invocation {
  flags: Flags;
  /** One-shot SQL or meta-command (positional, --query, --query_file), if any. */
  sql: string | undefined;
}

/** Flags (command line, then a flagfile if the registry knows one), the one-shot SQL and the shell's defaults. */
function parseInvocation(argv: string[]): Invocation {
  const flags = new Flags();
  const { positionals } = flags.parse(argv);
  const flagfile = flags.get('flagfile') ?? '';
  if (flagfile !== '') {
    flags.loadFlagfile(flagfile);
    flags.parse(argv); // the command line wins over the flagfile, as in gflags
  }
  const unsupported = UNSUPPORTED.find(
    (name) => flags.isSet(name) && !['', '0', 'false'].includes(flags.get(name) ?? ''),
  );
  if (unsupported !== undefined) throw new Error(`osprey shell: --${unsupported} is not supported.`);
  const sql = querySource(flags, positionals);
  const oneShot = sql !== undefined || flags.getBool('L') || (flags.get('A') ?? '') !== '' || !process.stdin.isTTY;
  applyShellDefaults(flags, oneShot);
  return { flags, sql };
}

async function runWithEngine({ flags, sql }: Invocation, output: ShellOutput): Promise<number> {
  const { Engine, splitStatements } = await load<typeof EngineModule>('../engine/engine.js');
  // Extensions (collector/extensions): in-process plugins load first, then the engine, then the extensions socket.
  const { ExtensionHost } = await load<typeof HostModule>('../extensions/host.js');
  const report = (message: string): void => void process.stderr.write(`${message}\n`);
  const extensions = new ExtensionHost({ flags, log: silentLogger(), report });
  await extensions.loadModules();
  // Event publishers (collector/events) when --disable_events=false, and the config for tables that read it.
  const { startShellEvents } = await load<typeof ShellEventsModule>('./shell-events.js');
  const events = await startShellEvents(flags, report);
  const warn = (message: string): void => void process.stderr.write(glogWarning(message));
  // osquery generates a host UUID when DMI has none and keeps it in its database; the shell keeps it under
  // --database_path when given, else in its home directory.
  const uuidDir = flags.isSet('database_path') ? (flags.get('database_path') ?? '') : shellHomeDirectory();
  let uuid: string | undefined;
  const hostUuid = (): string => (uuid ??= hostUuidFor(uuidDir));
  const engine = await Engine.create({
    services: { flags, warn, hostUuid, ...extensions.services(), ...events.services() },
  });
  await extensions.start(engine);
  try {
    const session = new ShellSession({
      engine,
      split: splitStatements,
      flags,
      output,
      settings: settingsFrom(flags),
      interactive: process.stdin.isTTY === true,
    });
    return await dispatch(session, flags, sql);
  } finally {
    await extensions.close();
    await events.stop();
    engine.close();
  }
}

/** osqueryi's flags that need parts Osprey's shell does not have (extension sockets, packs, the profiler). */
const UNSUPPORTED = ['connect', 'pack', 'profile', 'planner'] as const;

/** The one-shot SQL: --query, else the text of --query_file, else the first positional argument. */
function querySource(flags: Flags, positionals: string[]): string | undefined {
  const query = flags.get('query') ?? '';
  if (query !== '') return query;
  const file = flags.get('query_file') ?? '';
  if (file !== '') {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`Error: cannot read --query_file ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return positionals[0];
}

async function dispatch(session: ShellSession, flags: Flags, sql: string | undefined): Promise<number> {
  // The meta-commands' modules load only for a meta-command: a one-shot query does not need them.
  if (flags.getBool('L') || (flags.get('A') ?? '') !== '') {
    const { runMeta } = await load<typeof MetaModule>('./meta.js');
    return runMeta(session, flags.getBool('L') ? '.tables' : `.all ${flags.get('A') ?? ''}`).rc;
  }
  if (sql !== undefined) {
    if (!sql.startsWith('.')) return session.runQuery(sql);
    const { runMeta } = await load<typeof MetaModule>('./meta.js');
    const outcome = runMeta(session, sql);
    return outcome.exitCode ?? (outcome.rc === 2 ? 0 : outcome.rc);
  }
  if (session.interactive) {
    const { runInteractive } = await load<typeof InteractiveModule>('./interactive.js');
    return runInteractive(session, { input: process.stdin, output: stdoutStream(), terminal: true });
  }
  const { runPiped } = await load<typeof PipedModule>('./piped.js');
  return runPiped(session, process.stdin);
}

/**
 * What osquery's init does for its shell: no logging or watchdog, events off by default, no persistent database,
 * the extensions socket in the user's home; one-shot runs also turn caching off.
 */
function applyShellDefaults(flags: Flags, oneShot: boolean): void {
  const force = (name: string, value: string): void => {
    if (flags.has(name)) flags.set(name, value);
  };
  const byDefault = (name: string, value: string): void => {
    if (flags.has(name) && !flags.isSet(name)) flags.set(name, value);
  };
  force('disable_logging', 'true');
  force('disable_watchdog', 'true');
  byDefault('disable_events', 'true');
  byDefault('disable_database', 'true');
  byDefault('extensions_socket', join(shellHomeDirectory(), 'shell.em'));
  if (oneShot) byDefault('disable_caching', 'true');
  if (oneShot) byDefault('disable_extensions', 'true'); // osqueryi: one-shot runs serve no socket unless asked
}

/** Mode precedence as osqueryi: --list, then --line, then --csv (whose `,` the --separator flag then replaces). */
function settingsFrom(flags: Flags): ShellSettings {
  const settings = defaultSettings();
  settings.header = flags.getBool('header');
  if (flags.getBool('list')) settings.mode = 'list';
  else if (flags.getBool('line')) settings.mode = 'line';
  else if (flags.getBool('csv')) settings.mode = 'csv';
  settings.separator = flags.get('separator') ?? '|';
  settings.nullvalue = flags.get('nullvalue') ?? '';
  settings.nullvalueFlag = settings.nullvalue;
  settings.json = flags.getBool('json');
  settings.jsonPretty = flags.getBool('json_pretty');
  return settings;
}

interface ClosableOutput extends ShellOutput {
  close(): void;
}

/** Results go to stdout, or to the private file named by --output; messages always go to stderr. */
function openOutput(path: string): ClosableOutput {
  const err = (text: string): void => void process.stderr.write(text);
  if (path === '' || path === '-') {
    return { out: writeStdout, err, close: () => undefined };
  }
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
    fchmodSync(fd, 0o600); // an existing file becomes private too
  } catch (err) {
    throw new Error(`Error: cannot open --output ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { out: (text) => void writeSync(fd, text), err, close: () => closeSync(fd) };
}
