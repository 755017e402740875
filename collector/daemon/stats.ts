/**
 * Per-query performance counters for osquery_schedule (osquery takes them from the worker's own `processes` row
 * before and after each query; Osprey takes the same from process.cpuUsage() and the resident set size).
 */
import { performance } from 'node:perf_hooks';

export interface QueryStatsRow {
  executions: number;
  last_executed: number;
  output_size: number;
  wall_time_ms: number;
  last_wall_time_ms: number;
  user_time: number;
  last_user_time: number;
  system_time: number;
  last_system_time: number;
  average_memory: number;
  last_memory: number;
}

export interface Sample {
  readonly wall: number;
  readonly cpu: NodeJS.CpuUsage;
}

export class QueryStats {
  readonly #rows = new Map<string, QueryStatsRow>();

  begin(): Sample {
    return { wall: performance.now(), cpu: process.cpuUsage() };
  }

  end(name: string, sample: Sample, outputSize: number): void {
    const cpu = process.cpuUsage(sample.cpu);
    const wall = Math.round(performance.now() - sample.wall);
    const user = Math.round(cpu.user / 1000);
    const system = Math.round(cpu.system / 1000);
    const memory = process.memoryUsage.rss();
    const row = this.get(name);
    row.executions += 1;
    row.last_executed = Math.floor(Date.now() / 1000);
    row.output_size += outputSize;
    row.wall_time_ms += wall;
    row.last_wall_time_ms = wall;
    row.user_time += user;
    row.last_user_time = user;
    row.system_time += system;
    row.last_system_time = system;
    row.average_memory = Math.round((row.average_memory * (row.executions - 1) + memory) / row.executions);
    row.last_memory = memory;
  }

  /** All zero before the first run, as osquery reports. */
  get(name: string): QueryStatsRow {
    let row = this.#rows.get(name);
    if (!row) {
      row = {
        executions: 0,
        last_executed: 0,
        output_size: 0,
        wall_time_ms: 0,
        last_wall_time_ms: 0,
        user_time: 0,
        last_user_time: 0,
        system_time: 0,
        last_system_time: 0,
        average_memory: 0,
        last_memory: 0,
      };
      this.#rows.set(name, row);
    }
    return row;
  }
}
