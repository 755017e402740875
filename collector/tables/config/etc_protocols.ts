/** etc_protocols: /etc/protocols, as osquery's genEtcProtocols. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { parseProtocols, rowsFromEtcFile } from './etc_files.js';

export function genEtcProtocols(ctx: QueryContext): Iterable<Row> {
  return rowsFromEtcFile(ctx, '/etc/protocols', parseProtocols);
}
