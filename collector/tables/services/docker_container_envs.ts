/**
 * docker_container_envs, as osquery's genContainerEnvs: for each container of GET /containers/json (the `id`
 * constraint as a filter), GET /containers/<id>/json?stream=false and a row per `Config.Env` entry split at its
 * first `=`. An entry without `=` gives the whole text as both key and value, as osquery's substr(npos + 1) does.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { at, dockerContainers, dockerGet, keyValue, strings } from './docker-api.js';

export function* genDockerContainerEnvs(ctx: QueryContext): Iterable<Row> {
  const list = dockerContainers(ctx);
  if (list === null) return;
  for (const container of list.containers) {
    const id = keyValue(container.Id, list.prefixes);
    const details = dockerGet(ctx, `/containers/${id}/json?stream=false`);
    if (details === null) continue;
    for (const entry of strings(at(details, 'Config.Env'))) {
      const eq = entry.indexOf('=');
      yield { id, key: eq < 0 ? entry : entry.slice(0, eq), value: entry.slice(eq + 1) };
    }
  }
}
