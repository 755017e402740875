/**
 * osquery's extra SQL functions, registered on every connection the engine opens. version_compare and the version
 * collations live in the native extension (native/version.c): better-sqlite3 cannot register collations.
 */
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import type { Logger } from '../../../common/logger.js';
import { findFilePathInCmd, isPathDeterministic, sleep } from './filesystem.js';
import { MATH_FUNCTIONS, atn2 } from './math.js';
import type * as Network from './network.js';
import {
  concat,
  concatWs,
  conditionalToBase64,
  digest,
  fromBase64,
  parentDirectory,
  regexMatch,
  regexSplit,
  regexp,
  split,
  toBase64,
} from './strings.js';

type Value = Parameters<typeof Network.inetAton>[0];

const requireSibling = createRequire(import.meta.url);
let networkModule: typeof Network | undefined;

/**
 * network.js loads on the first call of one of its functions: it needs node:net and the Community ID code, which
 * would cost every `osprey shell "SELECT 1"` a few milliseconds (a synchronous require, as functions run in SQLite).
 */
function network(): typeof Network {
  return (networkModule ??= requireSibling('./network.js') as typeof Network);
}

/** The Community ID function, made on its first call (better-sqlite3 passes every argument: it is varargs). */
function lazyCommunityId(strict: boolean, warn: (message: string) => void): (...args: Value[]) => string | null {
  let fn: ReturnType<typeof Network.communityId> | undefined;
  return (...args) => {
    fn ??= network().communityId(strict, warn);
    return fn(...(args as Parameters<typeof fn>));
  };
}

export function registerFunctions(db: Database.Database, log: Logger): void {
  const pure = { deterministic: true };
  const vararg = { deterministic: true, varargs: true };
  db.function('split', pure, split);
  db.function('regex_split', pure, regexSplit);
  db.function('regex_match', pure, regexMatch);
  db.function('regexp', pure, regexp);
  db.function('concat', vararg, concat);
  db.function('concat_ws', vararg, concatWs);
  db.function('to_base64', pure, toBase64);
  db.function('from_base64', pure, fromBase64);
  db.function('conditional_to_base64', pure, conditionalToBase64);
  db.function('md5', pure, digest('md5'));
  db.function('sha1', pure, digest('sha1'));
  db.function('sha256', pure, digest('sha256'));
  db.function('parent_directory', pure, parentDirectory);
  // Fixed arities: better-sqlite3 takes a non-varargs function's argument count from its length.
  db.function('inet_aton', pure, (value: Value) => network().inetAton(value));
  db.function('in_cidr_block', pure, (cidr: Value, ip: Value) => network().inCidrBlock(cidr, ip));
  const warn = (message: string): void => log.warn(`${message}.`);
  db.function('community_id_v1', vararg, lazyCommunityId(false, warn));
  db.function('community_id_v1_strict', vararg, lazyCommunityId(true, warn));
  for (const [name, fn] of Object.entries(MATH_FUNCTIONS)) db.function(name, pure, fn);
  db.function('atn2', pure, atn2);
  // These read the filesystem or the clock, so SQLite must not treat them as constant.
  const impure = { deterministic: false, varargs: true };
  db.function('find_file_path_in_cmd', impure, findFilePathInCmd);
  db.function('is_path_deterministic', impure, isPathDeterministic);
  db.function('sleep', { deterministic: false }, sleep);
}
