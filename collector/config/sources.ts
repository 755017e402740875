/**
 * Reading config sources the way osquery's filesystem config plugin does (docs/osquery-compatibility.md §3.1, §3.4): the config file,
 * then every `<config_path>.d/*.conf` in lexicographic order, and pack files named by path or by a `"*"` glob.
 * Relative pack paths resolve against the directory of the file that names them (osquery uses the process's working
 * directory, which is `/` for a service, so absolute paths behave the same in both).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { OspreyError, messageOf } from '../../common/errors.js';

export interface ConfigFileText {
  readonly path: string;
  readonly text: string;
}

/** The main config file and its `.d` directory's `*.conf` files, in the order osquery applies them. */
export function readConfigSources(configPath: string): ConfigFileText[] {
  const main = readRegularFile(configPath, 'config_path');
  const sources: ConfigFileText[] = [{ path: configPath, text: main }];
  const dropIn = `${configPath}.d`;
  let names: string[] = [];
  try {
    names = readdirSync(dropIn).filter((name) => name.endsWith('.conf'));
  } catch {
    return sources;
  }
  for (const name of names.sort()) {
    const path = join(dropIn, name);
    sources.push({ path, text: readRegularFile(path, 'config_path.d') });
  }
  return sources;
}

export function readRegularFile(path: string, what: string): string {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new OspreyError('CONFIG_INVALID', `Cannot read ${what} ${path}: ${messageOf(err)}`, {
      retriable: false,
      cause: err,
    });
  }
  if (!isFile) throw new OspreyError('CONFIG_INVALID', `${what} ${path} is not a regular file`, { retriable: false });
  return readFileSync(path, 'utf8');
}

export function resolvePackPath(path: string, namedIn: string): string {
  return isAbsolute(path) ? path : resolve(dirname(namedIn), path);
}

/** Files matching a glob whose wildcards (`*`, `?`, `%`) are in the last path component, sorted. */
export function globFiles(pattern: string): string[] {
  const dir = dirname(pattern);
  const matcher = globToRegExp(basename(pattern));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => matcher.test(name))
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

/** Pack name for a globbed file: its file name without the extension (osquery's multi-pack rule). */
export function packNameFromFile(path: string): string {
  return basename(path, extname(path));
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' || ch === '%' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
