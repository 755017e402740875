/**
 * Reads V8 .cpuprofile files (written by `node --cpu-prof`) and names the functions that cost the most self time,
 * so a bench can report where a long-running process spends its CPU without a profiler UI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileCost {
  /** `function file:line`, file relative to the project where it is one of ours. */
  frame: string;
  selfMs: number;
  /** Share of the profile's busy (non-idle) time, in percent. */
  percent: number;
}

/** The costliest frames by self time of the profile with the most busy time in dir (idle time left out). */
export function topCosts(dir: string, count = 3): { file: string; busyMs: number; costs: ProfileCost[] } | undefined {
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((file) => ({ file, self: selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile) }));
  const busiest = profiles
    .map((p) => ({ ...p, busyMs: [...p.self.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.busyMs - a.busyMs)[0];
  if (busiest === undefined) return undefined;
  const costs = [...busiest.self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, selfMs]) => ({ frame, selfMs, percent: (selfMs / busiest.busyMs) * 100 }));
  return { file: busiest.file, busyMs: busiest.busyMs, costs };
}

function selfTimes(profile: CpuProfile): Map<string, number> {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const where = url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/');
    const frame = `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + (byNode.get(node.id) ?? 0));
  }
  return byFrame;
}
