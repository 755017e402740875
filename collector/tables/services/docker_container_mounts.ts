/** docker_container_mounts, as osquery's genContainerMounts: each listed container's `Mounts`. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { flag, str } from './docker-api.js';
import { genContainerChildren } from './docker-container-children.js';

export function genDockerContainerMounts(ctx: QueryContext): Iterable<Row> {
  return genContainerChildren(ctx, 'Mounts', (mount) => ({
    type: str(mount.Type) ?? '',
    name: str(mount.Name) ?? '',
    source: str(mount.Source) ?? '',
    destination: str(mount.Destination) ?? '',
    driver: str(mount.Driver) ?? '',
    mode: str(mount.Mode) ?? '',
    rw: flag(mount.RW),
    propagation: str(mount.Propagation) ?? '',
  }));
}
