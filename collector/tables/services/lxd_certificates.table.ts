import { col, defineTable } from '../../engine/spec.js';
import { genLxdCertificates } from './lxd_certificates.js';

export default defineTable({
  name: 'lxd_certificates',
  description: 'LXD certificates information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Name of the certificate'),
    col('type', 'TEXT', 'Type of the certificate'),
    col('fingerprint', 'TEXT', 'SHA256 hash of the certificate', { collate: 'NOCASE' }),
    col('certificate', 'TEXT', 'Certificate content'),
  ],
  examples: ['select * from lxd_certificates'],
  generate: genLxdCertificates,
});
