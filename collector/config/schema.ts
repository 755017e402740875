/**
 * The typed osquery config (docs/osquery-compatibility.md §3). Value shapes follow osquery's parsers, including their leniency: numbers
 * may be numeric strings and booleans may be "true"/"t"/numbers, because packs read through a `"*"` glob pass through
 * boost's ptree in osquery and arrive as strings. Unknown keys are kept (and warned about by `unknownKeys`), as
 * osquery ignores them.
 */
import { z } from 'zod';

/** osquery's JSON::valueToBool: booleans, "true"/"t" (any case) or "1", non-zero numbers. */
export function toBool(value: boolean | string | number): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return ['true', 't', '1'].includes(value.trim().toLowerCase());
}

const looseBool = z
  .union([z.boolean(), z.string(), z.number()], { error: 'expected a boolean (true/false, "true"/"t", or a number)' })
  .transform(toBool);

/** A number, or a string holding an integer (osquery reads intervals and shards either way). */
const looseInt = z.union(
  [
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+\s*$/)
      .transform(Number),
  ],
  { error: 'expected a number or a string holding an integer' },
);

const sqlText = z.string().min(1, 'expected a non-empty SQL string');

export const queryShape = z.looseObject({
  query: sqlText,
  interval: looseInt.optional(),
  snapshot: looseBool.optional(),
  removed: looseBool.optional(),
  platform: z.string().optional(),
  version: z.string().optional(),
  shard: looseInt.optional(),
  denylist: looseBool.optional(),
  startup_priority: looseInt.pipe(z.number().int().min(0)).optional(),
  description: z.string().optional(),
  value: z.string().optional(),
  oncall: z.string().optional(),
  /** Osprey extension: a 5- or 6-field cron expression (UTC) instead of an interval. */
  cron: z.string().optional(),
});

export const packShape = z.looseObject({
  queries: z.record(z.string(), queryShape).optional(),
  platform: z.string().optional(),
  version: z.string().optional(),
  shard: looseInt.optional(),
  discovery: z.array(sqlText).optional(),
  oncall: z.string().optional(),
  description: z.string().optional(),
  name: z.string().optional(),
});

const stringLists = z.record(z.string(), z.array(z.string()));
const optionValue = z.union([
  z.string(),
  z.boolean(),
  z.number(),
  z.record(z.string(), z.unknown()),
  z.array(z.unknown()),
]);

export const configShape = z.looseObject({
  options: z.record(z.string(), optionValue).optional(),
  schedule: z.record(z.string(), queryShape).optional(),
  /**
   * Inline pack, a pack file path, or under the key "*" a glob of pack files. Inline packs are checked against
   * packShape when packs are resolved (load.ts), so their errors get full paths instead of a union's "invalid input".
   */
  packs: z
    .record(
      z.string(),
      z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a pack object or a pack file path' }),
    )
    .optional(),
  decorators: z
    .looseObject({
      load: z.array(sqlText).optional(),
      always: z.array(sqlText).optional(),
      interval: z.record(z.string().regex(/^\d+$/, 'interval keys are seconds'), z.array(sqlText)).optional(),
    })
    .optional(),
  file_paths: stringLists.optional(),
  file_paths_query: stringLists.optional(),
  file_accesses: z.array(z.string()).optional(),
  exclude_paths: stringLists.optional(),
  yara: z
    .looseObject({
      signatures: stringLists.optional(),
      file_paths: stringLists.optional(),
      signature_urls: z.array(z.string()).optional(),
    })
    .optional(),
  events: z
    .looseObject({
      disable_subscribers: z.array(z.string()).optional(),
      enable_subscribers: z.array(z.string()).optional(),
    })
    .optional(),
  views: z.record(z.string(), sqlText).optional(),
  auto_table_construction: z
    .record(
      z.string(),
      z.looseObject({
        query: sqlText,
        path: z.string(),
        columns: z.array(z.string()),
        platform: z.string().optional(),
      }),
    )
    .optional(),
  kafka_topics: stringLists.optional(),
  prometheus_targets: z.record(z.string(), z.unknown()).optional(),
  feature_vectors: z.record(z.string(), z.unknown()).optional(),
});

export type QueryConfig = z.infer<typeof queryShape>;
export type PackConfig = z.infer<typeof packShape>;
export type OsqueryConfig = z.infer<typeof configShape>;

export const KNOWN_TOP_LEVEL = new Set(Object.keys(configShape.shape));
export const KNOWN_QUERY_KEYS = new Set(Object.keys(queryShape.shape));
export const KNOWN_PACK_KEYS = new Set(Object.keys(packShape.shape));
