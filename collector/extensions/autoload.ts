/**
 * osquery's extension autoloading: --extensions_autoload names a file listing one extension per line; --extension
 * names one more. A `.js`/`.mjs` path is an in-process Osprey plugin; anything else is an executable started as
 * osquery starts it (`--socket <extensions_socket> --timeout <s> --interval <s>`), after the same safety checks:
 * an autoloaded executable must end in `.ext`, and no executable may be writable by group or others or owned by
 * another user unless --allow_unsafe.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { OspreyError, messageOf } from '../../common/errors.js';
import { isModulePath } from './plugins.js';

export interface AutoloadList {
  modules: string[];
  executables: string[];
}

/** The paths to load; a missing autoload file is no extensions (osquery's default path usually does not exist). */
export function readAutoload(autoloadFile: string, extension: string, report: (message: string) => void): AutoloadList {
  const list: AutoloadList = { modules: [], executables: [] };
  const add = (path: string, fromFile: boolean): void => {
    if (isModulePath(path)) list.modules.push(path);
    else if (fromFile && !path.endsWith('.ext'))
      report(`Extension ${path} in ${autoloadFile} is skipped: autoloaded executables must end in .ext.`);
    else list.executables.push(path);
  };
  if (autoloadFile !== '') {
    let text = '';
    try {
      text = readFileSync(autoloadFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        report(`Cannot read --extensions_autoload ${autoloadFile}: ${messageOf(err)}`);
    }
    for (const line of text.split('\n')) {
      const path = line.trim();
      if (path !== '' && !path.startsWith('#') && !path.startsWith(';')) add(path, true);
    }
  }
  if (extension !== '') add(extension, false);
  return list;
}

/** osquery's safe-permissions rule for an executable it runs as its own user. */
export function checkSafeExecutable(path: string, allowUnsafe: boolean): void {
  let mode: number;
  let uid: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    mode = st.mode;
    uid = st.uid;
  } catch (err) {
    throw new OspreyError('CONFIG_INVALID', `Extension ${path} cannot be started: ${messageOf(err)}`, {
      retriable: false,
      cause: err,
    });
  }
  if ((mode & 0o111) === 0)
    throw new OspreyError('CONFIG_INVALID', `Extension ${path} is not executable.`, { retriable: false });
  if (allowUnsafe) return;
  const owner = process.getuid?.() ?? 0;
  if ((mode & 0o022) !== 0 || (uid !== 0 && uid !== owner)) {
    throw new OspreyError(
      'CONFIG_INVALID',
      `Extension ${path} has unsafe permissions (writable by others or owned by another user); --allow_unsafe overrides.`,
      {
        retriable: false,
      },
    );
  }
}

export interface StartOptions {
  socket: string;
  timeoutSeconds: number;
  intervalSeconds: number;
  verbose: boolean;
  report: (message: string) => void;
}

/** Starts one extension executable; its stdout is discarded (it must not mix with query output), stderr kept. */
export function startExecutable(path: string, options: StartOptions): ChildProcess {
  const args = [
    '--socket',
    options.socket,
    '--timeout',
    String(options.timeoutSeconds),
    '--interval',
    String(options.intervalSeconds),
  ];
  if (options.verbose) args.push('--verbose');
  // node:child_process (with node:net) loads only here: every shell and daemon imports this module at start-up.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (err) => options.report(`Extension ${path} could not start: ${err.message}`));
  child.on('exit', (code, signal) => {
    if (code !== 0 || signal !== null)
      options.report(`Extension ${path} exited (${signal ?? `code ${String(code)}`}).`);
  });
  return child;
}
