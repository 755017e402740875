/**
 * Runs a command a document shows, as a new user on this machine would, in a scratch HOME: `osprey` is the built
 * CLI, `npm X` the real npm script, and the files the docs name (/etc/osquery/osquery.conf, eve.json, ...) are the
 * test's fixtures, placed where the command looks for them. Paths under /etc, /var, /opt and /srv are moved under a
 * scratch root, so a command that writes (a database, logs) never touches the machine's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { copySourceTree, type ScratchTree } from '../helpers/scratch-tree.js';
import { shellWords } from './doc-blocks.js';
import { isLogLine } from './output-shape.js';

const SYSTEM_PATH = /^\/(etc|var|opt|srv)\//;
/** The docs' Elasticsearch and Kibana: the loopback fake (test/helpers/fake-elasticsearch.ts) answers for both. */
const ELASTIC_URL = /^https?:\/\/(localhost|127\.0\.0\.1):(9200|5601)\/?$/;

/** The example files the docs name, and the fixture each stands for (test/docs/fixtures/PROVENANCE.md). */
const EXAMPLE_FILES: Record<string, string> = {
  '/etc/osquery/osquery.conf': 'osquery.conf',
  '/var/log/suricata/eve.json': 'eve.json',
  '/opt/zeek/logs/current/conn.log': 'conn.log',
  'osquery.conf': 'osquery.conf',
  'eve.json': 'eve.json',
  'conn.log': 'conn.log',
};
/** The docs' placeholder for "your config file". */
const PLACEHOLDERS: Record<string, string> = { F: '/etc/osquery/osquery.conf' };

export interface Scratch {
  readonly home: string;
  /** Where /etc, /var, /opt and /srv of a command are. */
  readonly root: string;
  /** The working directory of `osprey` commands (relative example files are here). */
  readonly cwd: string;
  readonly dataDir: string;
  /** The loopback fake Elasticsearch standing in for the docs' cluster and Kibana. */
  readonly elasticsearch: string;
  /** A scratch copy of the source tree, made on first use, for npm scripts that rebuild dist/. */
  tree(): string;
  remove(): void;
}

export function makeScratch(elasticsearch: string): Scratch {
  const home = mkdtempSync(join(tmpdir(), 'osprey-doc-'));
  const root = join(home, 'root');
  const cwd = join(home, 'work');
  for (const [path, fixture] of Object.entries(EXAMPLE_FILES)) {
    const target = path.startsWith('/') ? join(root, path) : join(cwd, path);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(fromRoot('test/docs/fixtures', fixture), target);
  }
  let tree: ScratchTree | undefined;
  return {
    home,
    root,
    cwd,
    dataDir: join(home, '.osprey', 'data'),
    elasticsearch,
    tree: () => (tree ??= copySourceTree()).root,
    remove: () => {
      tree?.remove();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface Invocation {
  readonly file: string;
  readonly args: string[];
  readonly cwd: string;
}

/** The program and arguments for a command line, or an error naming what the test cannot run. */
export function invocation(text: string, scratch: Scratch): Invocation {
  const words = shellWords(text).map((word, i, all) =>
    placeWord(
      PLACEHOLDERS[word] !== undefined && i > 0 && all[i - 1]?.startsWith('--') ? PLACEHOLDERS[word] : word,
      scratch,
    ),
  );
  const [program = '', ...rest] = words;
  const cli = (name: string): string => fromRoot('dist/cli', `${name}.js`);
  if (program === 'osprey' || program === 'ospreyi')
    return { file: process.execPath, args: [cli(program), ...rest], cwd: scratch.cwd };
  if (program === 'npx' && (rest[0] === 'osprey' || rest[0] === 'ospreyi')) {
    return { file: process.execPath, args: [cli(rest[0]), ...rest.slice(1)], cwd: scratch.cwd };
  }
  if (program === 'node' && rest[0]?.startsWith('dist/cli/')) {
    return { file: process.execPath, args: [fromRoot(rest[0]), ...rest.slice(1)], cwd: scratch.cwd };
  }
  if (program === 'npm') return { file: 'npm', args: rest, cwd: rebuildsDist(rest) ? scratch.tree() : fromRoot() };
  throw new Error(
    `The doc test does not run "${program}": mark the line with <!-- doc-test: skip "${text}" (why) -->.`,
  );
}

/** Whether `npm ARGS` runs a script that rebuilds dist/, which the tests running beside this one are loaded from. */
function rebuildsDist(args: string[]): boolean {
  const name = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
  const scripts =
    (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  return name !== undefined && (scripts[name] ?? '').includes('npm run build');
}

/** Moves /etc, /var, /opt and /srv paths (alone or as --flag=PATH) under the scratch root; points Elasticsearch at the fake. */
function placeWord(word: string, scratch: Scratch): string {
  const flag = /^(--[\w-]+=)(.*)$/.exec(word);
  const [prefix, value] = flag ? [flag[1] ?? '', flag[2] ?? ''] : ['', word];
  if (ELASTIC_URL.test(value)) return `${prefix}${scratch.elasticsearch}`;
  return SYSTEM_PATH.test(value) ? `${prefix}${join(scratch.root, value)}` : word;
}

export function environment(scratch: Scratch): NodeJS.ProcessEnv {
  // A new user's environment: the test runner's quiet log level and any data directory override are not theirs.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: scratch.home };
  delete env.OSPREY_LOG_LEVEL;
  delete env.OSPREY_DATA_DIR;
  return env;
}

export interface Started {
  readonly child: ChildProcess;
  /** stdout and stderr as the user's terminal shows them, without log lines and npm's script banner. */
  output(): string[];
  readonly exited: Promise<number | null>;
  /** Ctrl-C, then (after a generous deadline for a hang) SIGKILL; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startCommand(how: Invocation, env: NodeJS.ProcessEnv): Started {
  // Its own process group, so Ctrl-C reaches npm's child too, as a terminal's would.
  const child = spawn(how.file, how.args, { cwd: how.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : null)));
  });
  const signal = (name: NodeJS.Signals): void => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  return {
    child,
    exited,
    output: () => text.split('\n').filter((line) => !isLogLine(line) && !line.startsWith('> ')),
    stop: async () => {
      signal('SIGINT');
      const timer = setTimeout(() => signal('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** What proves a long-running command is up; a command not named here must exit by itself. */
export interface LongRunning {
  readonly what: string;
  ready(output: string[], scratch: Scratch): boolean;
}

export function longRunning(args: string[]): LongRunning | undefined {
  const words = args.map((a) => a.replace(/^.*\/dist\/cli\//, ''));
  if (words.includes('--help') || words.includes('--config_check') || words.includes('--config_dump')) return undefined;
  const [first, second] = words;
  if ((first === 'start' && args.length === 1) || (first === 'osprey.js' && second === 'run')) {
    return {
      what: 'the banner "Osprey is running."',
      ready: (out) => out.some((l) => l.startsWith('Osprey is running.')),
    };
  }
  if (first === 'osprey.js' && second === 'daemon') {
    return {
      what: "the daemon's first results log",
      ready: (_out, s) => hasFile(s.root, 'osqueryd.results.log') || hasFile(s.dataDir, 'osqueryd.results.log'),
    };
  }
  if (first === 'osprey.js' && second === 'ship' && words.includes('--follow')) {
    return {
      what: 'the shipper’s saved position (a batch acknowledged)',
      ready: (_out, s) => existsSync(join(s.dataDir, 'ship')) && readdirSync(join(s.dataDir, 'ship')).length > 0,
    };
  }
  return undefined;
}

function hasFile(dir: string, name: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((p) => p.endsWith(name));
}
