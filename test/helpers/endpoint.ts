/**
 * For the scenario tests: real processes' rows read through the collector engine (osquery's tables over /proc),
 * mapped to ECS by the enricher's own mapping, then given the joins the enricher adds (host, binary hash, user).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Engine } from '../../collector/engine/engine.js';
import { mapResultEvent } from '../../enricher/ecs/map-event.js';
import type { ResultEvent } from '../../schemas/generated/index.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput } from '../../schemas/generated/shared.js';

let counter = 0;

export function resultEvent(
  table: string,
  hostIdentifier: string,
  timeMs: number,
  columns: Record<string, unknown>,
): ResultEvent {
  const text: Record<string, string> = {};
  for (const [k, v] of Object.entries(columns)) text[k] = v === null || v === undefined ? '' : String(v);
  return {
    id: `${table}-${process.pid}-${++counter}`,
    name: table,
    hostIdentifier,
    calendarTime: new Date(timeMs).toUTCString(),
    unixTime: Math.floor(timeMs / 1000),
    epoch: 0,
    counter,
    numerics: false,
    action: 'added',
    decorations: {},
    columns: text,
  };
}

/** Maps a row with the enricher's table mapping, then adds what its joins add: host, the binary's sha256, the user. */
export function enrichedRow(
  table: string,
  host: HostInput,
  timeMs: number,
  columns: Record<string, unknown>,
): EnrichedEventInput {
  const { doc } = mapResultEvent(resultEvent(table, host.name ?? 'host', timeMs, columns), Date.now());
  const out = doc as unknown as EnrichedEventInput;
  out.timestamp = timeMs;
  out.host = host;
  const executable = out.process?.executable;
  if (out.process && executable) out.process.hash = { sha256: sha256File(executable) };
  if (out.process && columns.uid !== undefined) {
    out.user = {
      id: String(columns.uid),
      name: String(columns.uid) === String(process.getuid?.() ?? '') ? (process.env.USER ?? null) : null,
    };
  }
  return out;
}

const hashes = new Map<string, string>();
export function sha256File(path: string): string {
  let known = hashes.get(path);
  if (!known) hashes.set(path, (known = createHash('sha256').update(readFileSync(path)).digest('hex')));
  return known;
}

export async function openEngine(): Promise<Engine> {
  return Engine.create();
}

export function rowsOf(engine: Engine, sql: string): Array<Record<string, unknown>> {
  return engine.queryRows(sql) as Array<Record<string, unknown>>;
}
