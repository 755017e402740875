import { col, defineTable } from '../../engine/spec.js';
import { genEtcProtocols } from './etc_protocols.js';

export default defineTable({
  name: 'etc_protocols',
  description: 'Line-parsed /etc/protocols.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Protocol name'),
    col('number', 'INTEGER', 'Protocol number'),
    col('alias', 'TEXT', 'Protocol alias'),
    col('comment', 'TEXT', 'Comment with protocol description'),
  ],
  attributes: { cacheable: true },
  generate: genEtcProtocols,
});
