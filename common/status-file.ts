/**
 * What a running `osprey run` or `osprey daemon` tells `osprey status`: one small JSON file in its state directory
 * (DATA_DIR/run.status.json, DATABASE_PATH/daemon.status.json) naming the process, when it started and where its
 * health endpoints are. Everything else `osprey status` shows is read from those endpoints, never from this file.
 * The file is private (0600), written atomically, and removed on a clean stop; a file left by a crash is recognised
 * as stale by its pid (no such process) or its boot id (the machine restarted since).
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivate } from './paths.js';
import { VERSION } from './version.js';

/** osqueryd's default --database_path; the daemon's state and its status file live there. */
export const DEFAULT_DATABASE_PATH = '/var/osquery/osquery.db';

export type StatusCommand = 'run' | 'daemon';

export interface StatusRecord {
  readonly command: StatusCommand;
  readonly pid: number;
  readonly version: string;
  /** ISO time the process started serving. */
  readonly startedAt: string;
  /** /proc/sys/kernel/random/boot_id at start: a pid from an earlier boot means nothing now. */
  readonly bootId: string;
  /** Base URL of /metrics, /healthz and /readyz; absent when the process serves none. */
  readonly metricsUrl?: string;
  /** The state directory the file lives in (data dir or database path). */
  readonly stateDir: string;
}

export function statusFilePath(stateDir: string, command: StatusCommand): string {
  return join(stateDir, `${command}.status.json`);
}

/** The record for this process, started now; the caller adds where its endpoints are. */
export function statusIdentity(command: StatusCommand, stateDir: string): StatusRecord {
  return {
    command,
    pid: process.pid,
    version: VERSION,
    startedAt: new Date().toISOString(),
    bootId: currentBootId(),
    stateDir,
  };
}

export function currentBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** Writes the record through a temporary file and a rename, so a reader never sees half a record. */
export function writeStatusFile(record: StatusRecord): string {
  const path = statusFilePath(record.stateDir, record.command);
  const temporary = `${path}.${process.pid}.tmp`;
  writePrivate(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

/** Removes the record if it is still this process's own (a newer process may have replaced it). */
export function removeStatusFile(stateDir: string, command: StatusCommand, pid = process.pid): void {
  const path = statusFilePath(stateDir, command);
  const current = readStatusFile(path);
  if (current.kind === 'found' && current.record.pid === pid) rmSync(path, { force: true });
}

export type StatusFileRead =
  | { kind: 'found'; path: string; record: StatusRecord }
  | { kind: 'absent'; path: string }
  | { kind: 'invalid'; path: string; reason: string };

export function readStatusFile(path: string): StatusFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent', path };
    return { kind: 'invalid', path, reason: (err as Error).message };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isStatusRecord(value)) return { kind: 'invalid', path, reason: 'not an Osprey status record' };
    return { kind: 'found', path, record: value };
  } catch (err) {
    return { kind: 'invalid', path, reason: (err as Error).message };
  }
}

function isStatusRecord(value: unknown): value is StatusRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.command === 'run' || v.command === 'daemon') &&
    typeof v.pid === 'number' &&
    typeof v.startedAt === 'string' &&
    typeof v.bootId === 'string' &&
    typeof v.stateDir === 'string' &&
    (v.metricsUrl === undefined || typeof v.metricsUrl === 'string')
  );
}

/** Whether the recorded process is still the one running: same boot, and the pid exists. */
export function isRecordLive(record: StatusRecord, bootId = currentBootId()): boolean {
  if (record.bootId !== '' && bootId !== '' && record.bootId !== bootId) return false;
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (a root daemon seen by a user's `osprey status`).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
