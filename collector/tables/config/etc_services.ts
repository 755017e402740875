/** etc_services: /etc/services, as osquery's genEtcServices. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { parseServices, rowsFromEtcFile } from './etc_files.js';

export function genEtcServices(ctx: QueryContext): Iterable<Row> {
  return rowsFromEtcFile(ctx, '/etc/services', parseServices);
}
