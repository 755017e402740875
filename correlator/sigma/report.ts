/**
 * `npx tsx correlator/sigma/report.ts [DIR]`: how many Sigma rules under DIR load and can be evaluated on Osprey's
 * events, by logsource category, and why the others cannot. DIR defaults to the bundled rules.
 */
import { fromRoot } from '../../common/paths.js';
import { loadSigmaDirectory, summarizeRejections, type SigmaLoadReport } from './loader.js';

export function formatSigmaReport(dir: string, report: SigmaLoadReport): string {
  const total = report.loaded.length + report.rejected.length;
  const byCategory = new Map<string, number>();
  for (const rule of report.loaded) byCategory.set(rule.category, (byCategory.get(rule.category) ?? 0) + 1);
  const lines = [
    `Sigma rules under ${dir}: ${total}; evaluable ${report.loaded.length}; not evaluable ${report.rejected.length}.`,
    '',
  ];
  for (const [category, count] of [...byCategory.entries()].sort()) lines.push(`  loaded ${category}: ${count}`);
  lines.push('', 'Not evaluable, by reason:');
  for (const { reason, count } of summarizeRejections(report)) lines.push(`  ${count} × ${reason}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? fromRoot('correlator/sigma/rules');
  process.stdout.write(`${formatSigmaReport(dir, loadSigmaDirectory(dir))}\n`);
}
