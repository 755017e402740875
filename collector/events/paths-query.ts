/**
 * osquery's `file_paths_query` ({category: [SQL]}): each query runs when the config is applied and the `path` column
 * of its rows joins that category's file_paths. A query that fails is reported and contributes nothing.
 */
import { messageOf } from '../../common/errors.js';
import type { Row } from '../engine/spec.js';

export type Config = Readonly<Record<string, unknown>>;

export function withPathsFromQueries(
  config: Config,
  run: (sql: string) => Row[],
  warn: (message: string) => void,
): Config {
  const queries = config.file_paths_query;
  if (typeof queries !== 'object' || queries === null || Array.isArray(queries)) return config;
  const filePaths: Record<string, string[]> = {};
  for (const [category, list] of Object.entries((config.file_paths ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(list)) filePaths[category] = list.filter((p): p is string => typeof p === 'string');
  }
  for (const [category, list] of Object.entries(queries as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const sql of list) {
      if (typeof sql !== 'string') continue;
      try {
        for (const row of run(sql)) {
          if (typeof row.path === 'string' && row.path !== '') (filePaths[category] ??= []).push(row.path);
        }
      } catch (err) {
        warn(`file_paths_query.${category} failed; its paths are not watched: ${messageOf(err)}`);
      }
    }
  }
  return { ...config, file_paths: filePaths };
}
