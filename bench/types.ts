/** What every bench module returns; the runner prints values, baselines and their ratio. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Measured in the same run, on the same host. */
  baseline?: { name: string; value: number };
  note?: string;
}

export type BenchModule = { run(): Promise<BenchResult[]> };

export function formatResults(title: string, results: readonly BenchResult[]): string {
  const lines = [`## ${title}`, '', '| measure | value | baseline | ratio | note |', '|---|---|---|---|---|'];
  for (const r of results) {
    const missing = r.baseline !== undefined && Number.isNaN(r.baseline.value); // the reference tool is not installed
    const baseline = r.baseline ? `${missing ? 'n/a' : round(r.baseline.value)} (${r.baseline.name})` : '';
    const ratio = missing ? 'n/a' : r.baseline && r.baseline.value !== 0 ? `${round(r.value / r.baseline.value)}x` : '';
    lines.push(`| ${r.name} | ${round(r.value)} ${r.unit} | ${baseline} | ${ratio} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

function round(n: number): string {
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}
