/** etc_hosts (alias `hosts`): /etc/hosts, as osquery's genEtcHosts; pid_with_namespace reads a container's file. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { parseHosts, rowsFromEtcFile } from './etc_files.js';

export function genEtcHosts(ctx: QueryContext): Iterable<Row> {
  return rowsFromEtcFile(ctx, '/etc/hosts', parseHosts);
}
