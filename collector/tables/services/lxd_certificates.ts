/** lxd_certificates, as osquery's genLxdCerts: each certificate URL of GET /1.0/certificates. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lxdList, lxdMetadata, text } from './lxd-api.js';

export function* genLxdCertificates(ctx: QueryContext): Iterable<Row> {
  for (const url of lxdList(ctx, '/1.0/certificates')) {
    const cert = lxdMetadata(ctx, url);
    if (cert === null) continue;
    yield {
      name: text(cert, 'name'),
      type: text(cert, 'type'),
      fingerprint: text(cert, 'fingerprint'),
      certificate: text(cert, 'certificate'),
    };
  }
}
