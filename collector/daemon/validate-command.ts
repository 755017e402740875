/**
 * `osprey validate --config_path F`: loads the config as the daemon would (drop-in files, pack files, globs) and
 * prints every error and warning with its file and JSON path; with --validate_sql (default on) every query that
 * would run on this platform is also compiled by the engine. Exit code 1 when there is any error.
 */
import type { Command } from '../../common/command.js';
import { UsageError } from '../../common/command-flags.js';
import { listedDefinitions, specsFromDefinitions } from '../flags/gflags-spec.js';
import type { Flags } from '../flags/flags.js';
import { messageOf } from '../../common/errors.js';
import { daemonFlags, parseDaemonArgs } from './flags.js';
import { platformMatches } from './filters.js';
import { formatIssue, jsonPath, type ConfigIssue } from '../config/issues.js';
import { loadConfigFile, type LoadedConfig } from '../config/load.js';

export const validateCommand: Command = {
  usage: 'osprey validate [--config_path] FILE [--flagfile F] [--novalidate_sql]',
  description:
    'Checks an osquery config (and its .d files and packs) as the daemon would load it and prints every problem\n' +
    'with its file and JSON path; exit code 1 when there is an error.',
  example: 'osprey validate /etc/osprey/osprey.conf',
  get flags() {
    return specsFromDefinitions(listedDefinitions(validateFlags()));
  },
  notes: "Every osquery flag is accepted, as the daemon's flags change what the config means (`osprey daemon --help`).",
  operands: 'file',
  run: runValidate,
};

function validateFlags(): Flags {
  const flags = daemonFlags();
  flags.define({
    name: 'validate_sql',
    type: 'bool',
    default: 'true',
    kind: 'OSPREY_FLAG',
    description: 'Compile every query',
  });
  return flags;
}

async function runValidate(argv: string[]): Promise<number> {
  const flags = validateFlags();
  let positionals: string[];
  try {
    positionals = parseDaemonArgs(flags, argv);
  } catch (err) {
    throw new UsageError(messageOf(err));
  }
  const path = positionals[0] ?? flags.get('config_path') ?? '';
  const loaded = loadConfigFile(path, { flags });
  const issues = [...loaded.issues];
  if (flags.getBool('validate_sql')) issues.push(...(await compileQueries(loaded, path)));
  for (const issue of issues) process.stdout.write(`${formatIssue(issue)}\n`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  process.stdout.write(`${path}: ${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

/** Prepares every query that would run here; a missing table is a warning (it may come from an extension). */
async function compileQueries(loaded: LoadedConfig, source: string): Promise<ConfigIssue[]> {
  const { Engine } = await import('../engine/engine.js');
  const engine = await Engine.create();
  const issues: ConfigIssue[] = [];
  const check = (sql: string, path: PropertyKey[]): void => {
    try {
      engine.queryColumns(sql);
    } catch (err) {
      const message = messageOf(err);
      const severity = /no such table/i.test(message) ? 'warning' : 'error';
      issues.push({ severity, source, path: jsonPath(path), message: `SQL does not compile: ${message}` });
    }
  };
  try {
    for (const [name, q] of Object.entries(loaded.config.schedule ?? {})) {
      if (platformMatches(q.platform)) check(q.query, ['schedule', name, 'query']);
    }
    for (const [packName, pack] of Object.entries(loaded.config.packs)) {
      if (!platformMatches(pack.platform)) continue;
      (pack.discovery ?? []).forEach((sql, i) => check(sql, ['packs', packName, 'discovery', i]));
      for (const [name, q] of Object.entries(pack.queries ?? {})) {
        if (platformMatches(q.platform)) check(q.query, ['packs', packName, 'queries', name, 'query']);
      }
    }
    const decorators = loaded.config.decorators ?? {};
    (decorators.load ?? []).forEach((sql, i) => check(sql, ['decorators', 'load', i]));
    (decorators.always ?? []).forEach((sql, i) => check(sql, ['decorators', 'always', i]));
  } finally {
    engine.close();
  }
  return issues;
}
