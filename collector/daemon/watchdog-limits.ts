/**
 * osquery's watchdog limits and rules (docs/osquery-compatibility.md §10, osquery/core/watcher.cpp). Levels: 0 normal, 1 restrictive,
 * -1 "disabled" (very high limits). CPU: per check, (Δuser+Δsystem ms) > utilization% × interval ms × cores counts
 * one strike, a calm check resets; the worker is stopped when strikes × interval ≥ the latency limit (4 checks of
 * 3 s at level 0). Memory: resident size minus the size at the first check above the limit. Osprey adds a per-query
 * wall-time limit (osquery has none; a query blocked on I/O would otherwise stall the schedule forever).
 */
import { readFileSync } from 'node:fs';

export interface WatchdogLimits {
  readonly memoryMb: number;
  readonly utilizationPercent: number;
  readonly latencySeconds: number;
  readonly respawnLimit: number;
  readonly respawnDelaySeconds: number;
  readonly queryWallSeconds: number;
  readonly checkIntervalSeconds: number;
}

const LEVELS: Record<string, Omit<WatchdogLimits, 'checkIntervalSeconds'>> = {
  '0': {
    memoryMb: 200,
    utilizationPercent: 10,
    latencySeconds: 12,
    respawnLimit: 4,
    respawnDelaySeconds: 5,
    queryWallSeconds: 300,
  },
  '1': {
    memoryMb: 100,
    utilizationPercent: 5,
    latencySeconds: 6,
    respawnLimit: 4,
    respawnDelaySeconds: 5,
    queryWallSeconds: 150,
  },
  '-1': {
    memoryMb: 10000,
    utilizationPercent: 100,
    latencySeconds: 1000,
    respawnLimit: 1000,
    respawnDelaySeconds: 1,
    queryWallSeconds: 0,
  },
};

export function watchdogLimits(flags: { getNumber(name: string): number }): WatchdogLimits {
  const level = String(flags.getNumber('watchdog_level'));
  const base = LEVELS[level] ?? LEVELS['0'];
  const pick = (flag: string, fallback: number): number =>
    flags.getNumber(flag) > 0 ? flags.getNumber(flag) : fallback;
  return {
    memoryMb: pick('watchdog_memory_limit', base?.memoryMb ?? 200),
    utilizationPercent: pick('watchdog_utilization_limit', base?.utilizationPercent ?? 10),
    latencySeconds: pick('watchdog_latency_limit', base?.latencySeconds ?? 12),
    respawnLimit: base?.respawnLimit ?? 4,
    respawnDelaySeconds: base?.respawnDelaySeconds ?? 5,
    queryWallSeconds: pick('watchdog_query_wall_limit', base?.queryWallSeconds ?? 300),
    checkIntervalSeconds: 3,
  };
}

export interface ProcessUsage {
  /** user + system CPU time in milliseconds. */
  readonly cpuMs: number;
  readonly rssBytes: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node supports

/** Reads a process's CPU time (/proc/<pid>/stat fields 14, 15) and resident size (/proc/<pid>/status VmRSS). */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** The per-worker rule state: feed it one usage sample per check; it says why to stop, if it should. */
export class WatchdogRules {
  readonly #limits: WatchdogLimits;
  readonly #cores: number;
  #previous: ProcessUsage | undefined;
  #baselineRss: number | undefined;
  #strikes = 0;

  constructor(limits: WatchdogLimits, cores: number) {
    this.#limits = limits;
    this.#cores = Math.max(1, cores);
  }

  check(usage: ProcessUsage): string | undefined {
    const previous = this.#previous;
    this.#previous = usage;
    this.#baselineRss ??= usage.rssBytes;
    const grownMb = (usage.rssBytes - this.#baselineRss) / (1024 * 1024);
    if (grownMb > this.#limits.memoryMb) {
      return `Memory limits exceeded: ${usage.rssBytes} bytes (limit ${this.#limits.memoryMb} MB above ${this.#baselineRss})`;
    }
    if (!previous) return undefined;
    const used = usage.cpuMs - previous.cpuMs;
    const allowed = (this.#limits.utilizationPercent / 100) * this.#limits.checkIntervalSeconds * 1000 * this.#cores;
    this.#strikes = used > allowed ? this.#strikes + 1 : 0;
    if (this.#strikes * this.#limits.checkIntervalSeconds >= this.#limits.latencySeconds) {
      return `Maximum sustainable CPU utilization limit exceeded: ${Math.round(used)} ms of CPU in ${this.#limits.checkIntervalSeconds} s for ${this.#strikes * this.#limits.checkIntervalSeconds} s (limit ${this.#limits.utilizationPercent}%)`;
    }
    return undefined;
  }

  /** The wall-time rule for the query the worker reported as running. */
  checkQuery(name: string | undefined, startedMs: number, nowMs: number): string | undefined {
    const limit = this.#limits.queryWallSeconds;
    if (name === undefined || limit <= 0) return undefined;
    const seconds = (nowMs - startedMs) / 1000;
    return seconds > limit
      ? `Scheduled query ${name} exceeded the wall-time limit: ${Math.round(seconds)} s (limit ${limit} s)`
      : undefined;
  }
}
