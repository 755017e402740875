/**
 * `node dist/correlator/sigma/coverage.js [DIR]`: of the Sigma rules under DIR, how many load, and how many can
 * match given the fields Osprey's events actually carry. Loading (compile.ts) needs a field *mapping*; matching
 * needs the field *filled*: osquery's inotify file_events say which file changed but not which process changed it,
 * so a file_event rule that needs `Image` loads but can never fire. A rule can match when some assignment of its
 * searches satisfies the condition with every search that needs an unfilled field held false.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from '../../common/paths.js';
import { compileSigmaRule } from './compile.js';
import { compileCondition, type ConditionNode } from './condition.js';
import { listYamlFiles } from './loader.js';

/**
 * Sigma fields Osprey's events fill, per category (what FIELD_MAPS reads and the enricher or attributor writes):
 * process starts are osquery process_events joined with the parent, user and hash; network connections are
 * attributed flows (the owning process's own facts, no parent or working directory; the sensor gives no source
 * host name); file events are inotify file_events (the path only).
 */
export const CARRIED_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  process_creation: new Set([
    'Image',
    'CommandLine',
    'ProcessId',
    'User',
    'CurrentDirectory',
    'ParentImage',
    'ParentCommandLine',
    'ParentProcessId',
    'ComputerName',
    'Hashes',
    'sha256',
    'md5',
    'LogonId',
  ]),
  network_connection: new Set([
    'Image',
    'CommandLine',
    'ProcessId',
    'User',
    'ComputerName',
    'Hashes',
    'sha256',
    'md5',
    'DestinationIp',
    'DestinationPort',
    'DestinationHostname',
    'SourceIp',
    'SourcePort',
    'Protocol',
    'Initiated',
  ]),
  file_event: new Set(['TargetFilename', 'ComputerName']),
};

/** Searches whose truth is enumerated; more than this and the rule is counted as able to match (none come close). */
const MAX_ENUMERATED = 12;

export type Verdict =
  { kind: 'usable' } | { kind: 'unmatchable'; fields: string[] } | { kind: 'not_loaded'; reason: string };

export interface CoverageEntry {
  readonly file: string;
  readonly title: string;
  readonly category: string | null;
  readonly verdict: Verdict;
}

type Doc = Record<string, unknown>;

export function sigmaCoverage(dir: string): CoverageEntry[] {
  const out: CoverageEntry[] = [];
  for (const file of listYamlFiles(dir)) {
    for (const yamlDoc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const doc = yamlDoc.toJS() as Doc | null;
      if (doc === null || typeof doc !== 'object') continue;
      const logsource = (doc.logsource ?? {}) as Doc;
      const category = typeof logsource.category === 'string' ? logsource.category : null;
      out.push({
        file: relative(dir, file),
        title: String(doc.title ?? ''),
        category,
        verdict: verdictOf(doc, category),
      });
    }
  }
  return out;
}

function verdictOf(doc: Doc, category: string | null): Verdict {
  const compiled = compileSigmaRule(doc);
  if (!compiled.ok) return { kind: 'not_loaded', reason: compiled.reason.replace(/"[^"]*"/g, '"…"') };
  const carried = CARRIED_FIELDS[category ?? ''] ?? new Set<string>();
  const detection = doc.detection as Doc;
  const dead = new Set<string>();
  const missing = new Set<string>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    const needs = unfilledNeeds(body, carried);
    if (needs !== null) {
      dead.add(name);
      for (const f of needs) missing.add(f);
    }
  }
  if (dead.size === 0 || canMatch(detection, dead)) return { kind: 'usable' };
  return { kind: 'unmatchable', fields: [...missing].sort() };
}

/** The unfilled fields a search needs, or null when it can be true with what Osprey fills. */
function unfilledNeeds(body: unknown, carried: ReadonlySet<string>): string[] | null {
  const maps = Array.isArray(body) ? body : [body];
  const needs: string[] = [];
  for (const map of maps) {
    if (map === null || typeof map !== 'object') return null;
    const unfilled = Object.entries(map as Doc)
      .filter(([key, value]) => !carried.has(key.split('|')[0] ?? '') && !holdsWhenAbsent(key, value))
      .map(([key]) => key.split('|')[0] ?? '');
    // One alternative of a list that needs nothing unfilled keeps the whole search alive.
    if (unfilled.length === 0) return null;
    needs.push(...unfilled);
  }
  return needs;
}

/** `Field: null` and `Field|exists: false` hold on an event without the field. */
function holdsWhenAbsent(key: string, value: unknown): boolean {
  return value === null || (key.endsWith('|exists') && value === false);
}

function canMatch(detection: Doc, dead: ReadonlySet<string>): boolean {
  const names = Object.keys(detection).filter((n) => n !== 'condition' && n !== 'timeframe');
  const live = names.filter((n) => !dead.has(n));
  if (live.length > MAX_ENUMERATED) return true;
  const searches = new Map<string, ConditionNode>(
    names.map((n) => [
      n,
      { test: (a) => (a as Record<string, boolean>)[n] === true, imageSuffixes: null, required: null },
    ]),
  );
  const conditions = (Array.isArray(detection.condition) ? detection.condition : [detection.condition]).map((c) =>
    compileCondition(String(c), searches),
  );
  for (let bits = 0; bits < 2 ** live.length; bits++) {
    const assignment: Record<string, boolean> = {};
    live.forEach((n, i) => (assignment[n] = (bits & (1 << i)) !== 0));
    if (conditions.some((c) => c.test(assignment))) return true;
  }
  return false;
}

export interface CoverageSummary {
  readonly total: number;
  readonly loaded: number;
  /** Per supported category: rules, loaded, able to match. */
  readonly categories: Readonly<Record<string, { rules: number; loaded: number; usable: number }>>;
  readonly notLoaded: ReadonlyArray<{ reason: string; count: number }>;
  readonly unmatchable: ReadonlyArray<{ fields: string; count: number }>;
}

export function summarizeCoverage(entries: readonly CoverageEntry[]): CoverageSummary {
  const categories: Record<string, { rules: number; loaded: number; usable: number }> = {};
  const notLoaded = new Map<string, number>();
  const unmatchable = new Map<string, number>();
  for (const e of entries) {
    if (e.category !== null && e.category in CARRIED_FIELDS) {
      const c = (categories[e.category] ??= { rules: 0, loaded: 0, usable: 0 });
      c.rules++;
      if (e.verdict.kind !== 'not_loaded') c.loaded++;
      if (e.verdict.kind === 'usable') c.usable++;
    }
    if (e.verdict.kind === 'not_loaded') notLoaded.set(e.verdict.reason, (notLoaded.get(e.verdict.reason) ?? 0) + 1);
    if (e.verdict.kind === 'unmatchable') {
      const key = `${e.category}: needs ${e.verdict.fields.join(', ')}`;
      unmatchable.set(key, (unmatchable.get(key) ?? 0) + 1);
    }
  }
  const counted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    total: entries.length,
    loaded: entries.filter((e) => e.verdict.kind !== 'not_loaded').length,
    categories,
    notLoaded: counted(notLoaded).map(([reason, count]) => ({ reason, count })),
    unmatchable: counted(unmatchable).map(([fields, count]) => ({ fields, count })),
  };
}

export function formatCoverage(dir: string, s: CoverageSummary): string {
  const lines = [
    `Sigma rules under ${dir}: ${s.total}; loaded ${s.loaded}.`,
    '',
    'category            rules  loaded  can match  usable',
  ];
  let rules = 0;
  let usable = 0;
  for (const [name, c] of Object.entries(s.categories).sort()) {
    rules += c.rules;
    usable += c.usable;
    lines.push(
      `${name.padEnd(18)} ${String(c.rules).padStart(6)} ${String(c.loaded).padStart(7)} ${String(c.usable).padStart(10)}  ${((100 * c.usable) / c.rules).toFixed(1)} %`,
    );
  }
  lines.push(
    `${'all three'.padEnd(18)} ${String(rules).padStart(6)} ${''.padStart(7)} ${String(usable).padStart(10)}  ${rules === 0 ? '-' : ((100 * usable) / rules).toFixed(1)} %`,
    '',
    'Loaded but unable to match, by what they need:',
  );
  for (const u of s.unmatchable) lines.push(`  ${u.count} × ${u.fields}`);
  lines.push('', 'Not loaded, by reason:');
  for (const n of s.notLoaded) lines.push(`  ${n.count} × ${n.reason}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? fromRoot('correlator/sigma/rules');
  process.stdout.write(`${formatCoverage(dir, summarizeCoverage(sigmaCoverage(dir)))}\n`);
}
