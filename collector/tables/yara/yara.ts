/**
 * Generator of osquery's on-demand YARA table (yara@genYaraFileScan): every regular file named by `path` (`=` or a
 * LIKE pattern with `%`/`%%`) is scanned with the rules named by `sig_group` (a config yara.signatures group),
 * `sigfile` (a rule file; relative names are under /var/osquery/yara/) or `sigrule` (rule text), one row per file
 * and rule source. Scans are bounded: files over --read_max are skipped, and a query stops scanning after
 * SCAN_BUDGET_MS, saying how many files it left out. `sigurl` (fetching rules over the network) is not supported.
 */
import { isAbsolute, join } from 'node:path';
import { OspreyError } from '../../../common/errors.js';
import {
  col,
  defineTable,
  type ColumnSpec,
  type QueryContext,
  type Row,
  type TableDefinition,
} from '../../engine/spec.js';
import { readMax } from '../utility/hash.js';
import { targetPaths } from '../utility/file-targets.js';
import { compileRules, rulesForFile, rulesForGroup, scanFile, yaraX, type CompiledRules } from '../../files/yarax.js';

/** osquery's kYARAHome: where a relative sigfile is looked up. */
export const YARA_HOME = '/var/osquery/yara';
/** Wall time one query may spend scanning before the remaining files are skipped. */
export const SCAN_BUDGET_MS = 60_000;

export const YARA_COLUMNS: readonly ColumnSpec[] = [
  col('path', 'TEXT', 'The path scanned', { required: true, index: true }),
  col('matches', 'TEXT', 'List of YARA matches'),
  col('count', 'INTEGER', 'Number of YARA matches'),
  col('sig_group', 'TEXT', 'Signature group used', { additional: true }),
  col('sigfile', 'TEXT', 'Signature file used', { additional: true }),
  col('sigrule', 'TEXT', 'Signature strings used', { additional: true, hidden: true }),
  col('strings', 'TEXT', 'Matching strings'),
  col('tags', 'TEXT', 'Matching tags'),
  col('sigurl', 'TEXT', 'Signature url', { additional: true, hidden: true }),
  col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
];

export const YARA_EXAMPLES = [
  "select * from yara where path = '/etc/passwd' and sigfile = '/etc/osquery/yara/test.yara'",
  "select * from yara where path = '/etc/passwd' and sigrule = 'rule always_true { condition: true }'",
  "select * from yara where path LIKE '/home/%/Downloads/%' and sig_group = 'malware'",
];

interface RuleSource {
  readonly column: 'sig_group' | 'sigfile' | 'sigrule';
  readonly value: string;
  readonly rules: CompiledRules;
}

export function* generateYara(ctx: QueryContext): Iterable<Row> {
  if (ctx.equals('sigurl').length > 0) {
    throw new OspreyError(
      'SQL_ERROR',
      'yara: sigurl is not supported by Osprey (no rule downloads); use sigfile or sig_group',
      {
        retriable: false,
      },
    );
  }
  const sources = ruleSources(ctx);
  if (sources.length === 0) {
    throw new OspreyError(
      'SQL_ERROR',
      'yara: the query needs one of sig_group, sigfile or sigrule in its WHERE clause',
      {
        retriable: false,
      },
    );
  }
  const maxBytes = readMax(ctx);
  const withStrings = ctx.services.flags?.get('enable_yara_string') === 'true';
  const deadline = Date.now() + SCAN_BUDGET_MS;
  const targets = targetPaths(ctx);
  for (let i = 0; i < targets.length; i++) {
    if (Date.now() > deadline) {
      ctx.errors.skip(`YARA scan budget of ${SCAN_BUDGET_MS} ms spent; ${targets.length - i} files were not scanned`);
      return;
    }
    const { path, readPath, pidWithNamespace } = targets[i] as (typeof targets)[number];
    for (const source of sources) {
      let columns: ReturnType<typeof scanFile>;
      try {
        columns = scanFile(readPath, [source.rules], maxBytes, withStrings);
      } catch (err) {
        ctx.errors.skip(`cannot scan ${path}`, err); // a directory, a file that went away, one over read_max
        break;
      }
      yield { path, [source.column]: source.value, ...columns, pid_with_namespace: pidWithNamespace };
    }
  }
}

/** Every `=` value of sig_group, sigfile and sigrule, compiled (from the cache when seen before). */
function ruleSources(ctx: QueryContext): RuleSource[] {
  const sources: RuleSource[] = [];
  const texts = (column: string): string[] => ctx.equals(column).filter((v): v is string => typeof v === 'string');
  const groups = texts('sig_group');
  const files = texts('sigfile');
  const rules = texts('sigrule');
  if (groups.length + files.length + rules.length > 0) yaraX(); // a missing YARA-X says so before anything else
  const config = ctx.services.config?.() ?? {};
  for (const group of groups) sources.push({ column: 'sig_group', value: group, rules: rulesForGroup(config, group) });
  for (const file of files) {
    sources.push({
      column: 'sigfile',
      value: file,
      rules: rulesForFile(isAbsolute(file) ? file : join(YARA_HOME, file)),
    });
  }
  for (const text of rules) sources.push({ column: 'sigrule', value: text, rules: compileRules(text, 'sigrule') });
  return sources;
}

/**
 * The on-demand scan table under one of its two names. osquery names it `yara_file` with the alias `yara`; Osprey
 * registers both as full tables rather than an alias view, because a view would hide the hidden `sigrule` column
 * that osquery's own examples constrain.
 */
export function yaraScanTable(name: 'yara' | 'yara_file'): TableDefinition {
  return defineTable({
    name,
    description:
      'Triggers one-off YARA query for files at the specified path. Additionally requires one of `sig_group`, `sigfile`, or `sigrule`.',
    platforms: ['linux', 'darwin', 'windows'],
    columns: YARA_COLUMNS,
    examples: YARA_EXAMPLES,
    generate: generateYara,
  });
}
