import { col, defineTable } from '../../engine/spec.js';
import { genMagic } from './magic.js';

export default defineTable({
  name: 'magic',
  description: 'Magic number recognition library table.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('path', 'TEXT', 'Absolute path to target file', { required: true, index: true }),
    col(
      'magic_db_files',
      'TEXT',
      'Colon(:) separated list of files where the magic db file can be found. By default one of the following is used: /usr/share/file/magic/magic, /usr/share/misc/magic or /usr/share/misc/magic.mgc',
      { additional: true },
    ),
    col('data', 'TEXT', 'Magic number data from libmagic'),
    col('mime_type', 'TEXT', 'MIME type data from libmagic'),
    col('mime_encoding', 'TEXT', 'MIME encoding data from libmagic'),
  ],
  generate: genMagic,
});
