/** Generator of `osquery_info` (osquery utility/osquery@genOsqueryInfo): this agent's identity, from ctx.services. */
import type { QueryContext, Row } from '../../engine/spec.js';

/** osquery's platform mask for Linux (POSIX 1 | LINUX 8). */
const LINUX_PLATFORM_MASK = 9;

export function* generateOsqueryInfo(ctx: QueryContext): Iterable<Row> {
  const services = ctx.services;
  yield {
    pid: process.pid,
    uuid: services.hostUuid?.() ?? '',
    instance_id: services.instanceId,
    version: services.version,
    config_hash: services.configHash?.() ?? '',
    config_valid: services.configValid?.() ? 1 : 0,
    // osquery reports whether its extension manager is serving; here, whether the host gave the engine one.
    extensions: services.extensions ? 'active' : 'inactive',
    build_platform: process.platform,
    build_distro: `node${process.versions.node.split('.')[0]}`,
    start_time: services.startTime,
    watcher: -1,
    platform_mask: LINUX_PLATFORM_MASK,
  };
}
