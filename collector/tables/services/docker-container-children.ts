/**
 * osquery's getContainerChildRows, behind docker_container_mounts, _networks and _ports: GET /containers/json (the
 * `id` constraint as a filter) and a row per element of an array or object inside each listed container.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, at, dockerContainers, keyValue } from './docker-api.js';

/** Builds one row from a child (its key, for an object of children such as NetworkSettings.Networks). */
export type ChildRow = (child: Record<string, unknown>, key: string) => Row;

export function* genContainerChildren(ctx: QueryContext, childPath: string, build: ChildRow): Iterable<Row> {
  const list = dockerContainers(ctx);
  if (list === null) return;
  for (const container of list.containers) {
    const id = keyValue(container.Id, list.prefixes);
    const children = at(container, childPath);
    const entries: Array<[string, unknown]> = Array.isArray(children)
      ? children.map((c, i) => [String(i), c])
      : Object.entries(asRecord(children));
    for (const [key, child] of entries) yield { id, ...build(asRecord(child), key) };
  }
}
