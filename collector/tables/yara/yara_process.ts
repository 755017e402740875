/**
 * `yara_process`, as osquery's genYaraProcessScan (yr_rules_scan_proc): the readable regions of each `pid = …`
 * process's memory (/proc/<pid>/maps, read through /proc/<pid>/mem) scanned with the rules of `sig_group`,
 * `sigfile` or `sigrule`, one row per pid and rule source; a rule matches when it matches in any region. Reading
 * another process's memory needs ptrace access (root, or the same user under Yama scope 0). A scan stops after
 * MAX_SCAN_BYTES of memory, as a bound osquery lacks, and counts what it left out.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { OspreyError } from '../../../common/errors.js';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists, splitLines } from '../lib/read.js';
import { YARA_HOME } from './yara.js';
import {
  compileRules,
  rulesForFile,
  rulesForGroup,
  scanColumns,
  yaraX,
  type CompiledRules,
  type YaraRuleMatch,
} from '../../files/yarax.js';

const MAX_SCAN_BYTES = 1024 * 1024 * 1024;
const CHUNK_BYTES = 16 * 1024 * 1024;

export function* genYaraProcess(ctx: QueryContext): Iterable<Row> {
  if (ctx.equals('sigurl').length > 0) {
    throw new OspreyError(
      'SQL_ERROR',
      'yara_process: sigurl is not supported by Osprey (no rule downloads); use sigfile or sig_group',
      { retriable: false },
    );
  }
  const sources = ruleSources(ctx);
  if (sources.length === 0) {
    throw new OspreyError(
      'SQL_ERROR',
      'yara_process: the query needs one of sig_group, sigfile or sigrule in its WHERE clause',
      { retriable: false },
    );
  }
  const withStrings = ctx.services.flags?.get('enable_yara_string') === 'true';
  for (const pid of new Set(
    ctx
      .equals('pid')
      .map(Number)
      .filter((p) => Number.isInteger(p) && p > 0),
  )) {
    for (const source of sources) {
      const matches = scanProcess(ctx, pid, source.rules);
      if (matches !== null) yield { pid, [source.column]: source.value, ...scanColumns(matches, withStrings) };
    }
  }
}

/** The rules matched in any readable region of the process, each rule once; null when its memory cannot be read. */
export function scanProcess(ctx: QueryContext, pid: number, rules: CompiledRules): YaraRuleMatch[] | null {
  let maps: string | null;
  let fd: number;
  try {
    maps = readTextIfExists(`/proc/${pid}/maps`);
    if (maps === null) throw new Error('no such process');
    fd = openSync(`/proc/${pid}/mem`, 'r');
  } catch (err) {
    ctx.errors.skip(`yara_process: cannot read the memory of pid ${pid}`, err);
    return null;
  }
  const found = new Map<string, YaraRuleMatch>();
  let budget = MAX_SCAN_BYTES;
  try {
    for (const region of readableRegions(maps)) {
      for (let at = region.start; at < region.end && budget > 0; at += CHUNK_BYTES) {
        const length = Math.min(CHUNK_BYTES, region.end - at, budget);
        const data = readRegion(fd, at, length);
        if (data === null) break; // unbacked or guard pages: the rest of the region reads the same
        budget -= data.length;
        for (const match of rules.scan(data)) {
          const key = `${match.namespace}:${match.ruleIdentifier}`;
          const seen = found.get(key);
          found.set(
            key,
            seen === undefined
              ? match
              : { ...seen, matches: [...seen.matches, ...match.matches.map((m) => ({ ...m, offset: m.offset + at }))] },
          );
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (budget <= 0)
    ctx.errors.skip(
      `yara_process: pid ${pid} has more than ${MAX_SCAN_BYTES} bytes of readable memory; the rest was not scanned`,
    );
  return [...found.values()];
}

function readableRegions(maps: string): Array<{ start: number; end: number }> {
  return splitLines(maps).flatMap((line) => {
    const [range, perms, , , , name] = line.split(/\s+/);
    if (range === undefined || !perms?.startsWith('r') || name === '[vvar]' || name === '[vsyscall]') return [];
    const [start, end] = range.split('-').map((h) => parseInt(h, 16));
    return start === undefined || end === undefined || !Number.isSafeInteger(end) ? [] : [{ start, end }];
  });
}

function readRegion(fd: number, position: number, length: number): Buffer | null {
  const buf = Buffer.alloc(length);
  try {
    const n = readSync(fd, buf, 0, length, position);
    return n > 0 ? buf.subarray(0, n) : null;
  } catch {
    return null;
  }
}

interface RuleSource {
  readonly column: 'sig_group' | 'sigfile' | 'sigrule';
  readonly value: string;
  readonly rules: CompiledRules;
}

function ruleSources(ctx: QueryContext): RuleSource[] {
  const texts = (column: string): string[] => ctx.equals(column).filter((v): v is string => typeof v === 'string');
  const groups = texts('sig_group');
  const files = texts('sigfile');
  const rules = texts('sigrule');
  if (groups.length + files.length + rules.length > 0) yaraX();
  const config = ctx.services.config?.() ?? {};
  return [
    ...groups.map((value) => ({ column: 'sig_group' as const, value, rules: rulesForGroup(config, value) })),
    ...files.map((value) => ({
      column: 'sigfile' as const,
      value,
      rules: rulesForFile(isAbsolute(value) ? value : join(YARA_HOME, value)),
    })),
    ...rules.map((value) => ({ column: 'sigrule' as const, value, rules: compileRules(value, 'sigrule') })),
  ];
}
