/**
 * docker_container_processes, as osquery's genContainerProcesses: `id` is required; for each hexadecimal id,
 * GET /containers/<id>/top?ps_args=axwwo <21 ps fields> and a row per process line. Values are ps's text as osquery
 * keeps it: rss and vsz in kB with "000" appended (osquery's bytes), and a field that is not a plain number (ps's
 * etime "02:13" for start_time) is NULL, as osquery's cast of it to BIGINT fails. Lines of another width are skipped.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { at, dockerGet, hexConstraintValues } from './docker-api.js';

export const PS_FIELDS =
  'pid,state,uid,gid,euid,egid,suid,sgid,rss,vsz,etime,ppid,pgrp,nlwp,nice,user,time,pcpu,pmem,comm,cmd';
const WIDTH = PS_FIELDS.split(',').length;

export function* genDockerContainerProcesses(ctx: QueryContext): Iterable<Row> {
  for (const id of hexConstraintValues(ctx, 'id')) {
    const top = dockerGet(ctx, `/containers/${id}/top?ps_args=axwwo%20${PS_FIELDS}`);
    const processes = at(top, 'Processes');
    if (!Array.isArray(processes)) continue;
    for (const line of processes) {
      const f = Array.isArray(line) ? line.map((v) => String(v)) : [];
      if (f.length !== WIDTH) {
        ctx.errors.skip(`docker top ${id}: a process line of ${f.length} fields (expected ${WIDTH})`);
        continue;
      }
      yield processRow(id, f);
    }
  }
}

function processRow(id: string, f: string[]): Row {
  const field = (i: number): string => f[i] ?? '';
  return {
    id,
    pid: integer(field(0)),
    state: field(1),
    uid: integer(field(2)),
    gid: integer(field(3)),
    euid: integer(field(4)),
    egid: integer(field(5)),
    suid: integer(field(6)),
    sgid: integer(field(7)),
    wired_size: 0,
    resident_size: integer(`${field(8)}000`),
    total_size: integer(`${field(9)}000`),
    start_time: integer(field(10)),
    parent: integer(field(11)),
    pgroup: integer(field(12)),
    threads: integer(field(13)),
    nice: integer(field(14)),
    user: field(15),
    time: field(16),
    cpu: decimal(field(17)),
    mem: decimal(field(18)),
    name: field(19),
    cmdline: field(20),
  };
}

function integer(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function decimal(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}
