/** Loads Sigma rules from a directory tree and reports which compile and why the others do not. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileSigmaRule, type SigmaRule } from './compile.js';

export interface SigmaLoadReport {
  readonly loaded: SigmaRule[];
  readonly rejected: Array<{ file: string; id: string; title: string; reason: string }>;
}

export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listYamlFiles(path));
    else if (name.endsWith('.yml') || name.endsWith('.yaml')) out.push(path);
  }
  return out;
}

export function loadSigmaDirectory(dir: string): SigmaLoadReport {
  const report: SigmaLoadReport = { loaded: [], rejected: [] };
  for (const file of listYamlFiles(dir)) {
    const name = relative(dir, file);
    let docs;
    try {
      docs = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch (err) {
      report.rejected.push({ file: name, id: '', title: '', reason: `cannot read: ${(err as Error).message}` });
      continue;
    }
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length > 0) {
        report.rejected.push({
          file: name,
          id: '',
          title: '',
          reason: `YAML error: ${doc.errors[0]?.message ?? 'unknown'}`,
        });
        continue;
      }
      const result = compileSigmaRule(doc.toJS() as Record<string, unknown>);
      if (result.ok) report.loaded.push(result.rule);
      else report.rejected.push({ file: name, id: result.id, title: result.title, reason: result.reason });
    }
  }
  return report;
}

/** Reasons grouped and counted, most common first (for the corpus report). */
export function summarizeRejections(report: SigmaLoadReport): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of report.rejected) {
    const key = r.reason.replace(/"[^"]*"/g, '"…"');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
