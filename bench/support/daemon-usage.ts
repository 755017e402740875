/**
 * Runs `osprey daemon` processes side by side over one measuring window and reads their CPU and RSS from /proc:
 * the daemon bench's subject, optionally the same daemon from another checkout (a before/after pair under the same
 * machine load), and an idle `node` process as the floor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readProcessUsage } from '../../collector/daemon/watchdog-limits.js';

export interface Subject {
  readonly label: string;
  readonly child: ChildProcess;
}

export interface Usage {
  /** Mean CPU over the window, % of one core (watcher + worker). */
  readonly cpuPercent: number;
  readonly peakWorkerMb: number;
  readonly peakTotalMb: number;
  /** The worker's peak anonymous resident memory (RssAnon: heaps, stacks), its own memory without file pages. */
  readonly peakWorkerAnonMb: number;
  /**
   * Peak proportional set size of watcher + worker (smaps_rollup Pss): pages shared with other processes, such as
   * node's text, count as their share, so the two processes' common executable is not counted twice.
   */
  readonly peakTotalPssMb: number;
}

/** A /proc/<pid>/<file> field in kB ("Name:   123 kB"), 0 when the process or field is gone. */
function procKb(pid: number, file: string, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** PSS is costlier to read (the kernel walks the page tables), so it is sampled every few seconds. */
const PSS_EVERY_SECONDS = 5;

/**
 * `osprey daemon <flags>` from the checkout at root, in its own state directory `dir`; with profileDir, under
 * `node --cpu-prof` (refused in NODE_OPTIONS; given to the watcher's node, the worker inherits it through execArgv).
 */
export function spawnDaemonAt(root: string, flags: readonly string[], profileDir?: string): ChildProcess {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  return spawn(process.execPath, [...profile, join(root, 'dist', 'cli', 'osprey.js'), 'daemon', ...flags], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

export function spawnIdleNode(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** The watcher and its worker (the watcher's first child), as far as they exist. */
function processTree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return [pid, ...(children[0] ? [Number(children[0])] : [])];
  } catch {
    return [pid];
  }
}

/** Samples every subject once a second for `seconds`, then returns each one's usage over the same window. */
export async function measure(subjects: readonly Subject[], seconds: number): Promise<Map<string, Usage>> {
  const cpuOf = (s: Subject) =>
    processTree(s.child.pid ?? 0).reduce((sum, pid) => sum + (readProcessUsage(pid)?.cpuMs ?? 0), 0);
  const startCpu = subjects.map(cpuOf);
  const peaks = subjects.map(() => ({ worker: 0, total: 0, anonKb: 0, pssKb: 0 }));
  const started = performance.now();
  for (let t = 0; t < seconds; t++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    subjects.forEach((s, i) => {
      const tree = processTree(s.child.pid ?? 0);
      const [watcher = 0, worker = 0] = tree.map((p) => readProcessUsage(p)?.rssBytes ?? 0);
      const peak = peaks[i] as (typeof peaks)[number];
      peak.worker = Math.max(peak.worker, worker || watcher);
      peak.total = Math.max(peak.total, watcher + worker);
      peak.anonKb = Math.max(peak.anonKb, procKb(tree[tree.length - 1] ?? 0, 'status', 'RssAnon'));
      if (t % PSS_EVERY_SECONDS === 0) {
        peak.pssKb = Math.max(
          peak.pssKb,
          tree.reduce((sum, p) => sum + procKb(p, 'smaps_rollup', 'Pss'), 0),
        );
      }
    });
  }
  const wall = performance.now() - started;
  const usage = new Map<string, Usage>();
  subjects.forEach((s, i) => {
    const peak = peaks[i] as (typeof peaks)[number];
    usage.set(s.label, {
      cpuPercent: ((cpuOf(s) - (startCpu[i] ?? 0)) / wall) * 100,
      peakWorkerMb: peak.worker / 1024 / 1024,
      peakTotalMb: peak.total / 1024 / 1024,
      peakWorkerAnonMb: peak.anonKb / 1024,
      peakTotalPssMb: peak.pssKb / 1024,
    });
  });
  return usage;
}
