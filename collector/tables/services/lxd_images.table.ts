import { col, defineTable } from '../../engine/spec.js';
import { genLxdImages } from './lxd_images.js';

export default defineTable({
  name: 'lxd_images',
  description: 'LXD images information.',
  platforms: ['linux'],
  columns: [
    col('id', 'TEXT', 'Image ID', { index: true, collate: 'NOCASE' }),
    col('architecture', 'TEXT', 'Target architecture for the image'),
    col('os', 'TEXT', 'OS on which image is based'),
    col('release', 'TEXT', 'OS release version on which the image is based'),
    col('description', 'TEXT', 'Image description'),
    col('aliases', 'TEXT', 'Comma-separated list of image aliases'),
    col('filename', 'TEXT', 'Filename of the image file'),
    col('size', 'BIGINT', 'Size of image in bytes'),
    col('auto_update', 'INTEGER', 'Whether the image auto-updates (1) or not (0)'),
    col('cached', 'INTEGER', 'Whether image is cached (1) or not (0)'),
    col('public', 'INTEGER', 'Whether image is public (1) or not (0)'),
    col('created_at', 'TEXT', 'ISO time of image creation'),
    col('expires_at', 'TEXT', 'ISO time of image expiration'),
    col('uploaded_at', 'TEXT', 'ISO time of image upload'),
    col('last_used_at', 'TEXT', 'ISO time for the most recent use of this image in terms of container spawn'),
    col('update_source_server', 'TEXT', 'Server for image update'),
    col(
      'update_source_protocol',
      'TEXT',
      'Protocol used for image information update and image import from source server',
    ),
    col('update_source_certificate', 'TEXT', 'Certificate for update source server'),
    col('update_source_alias', 'TEXT', 'Alias of image at update source server'),
  ],
  examples: [
    'select * from lxd_images',
    "select * from lxd_images where id = '0931b693c8'",
    "select * from lxd_images where id = '0931b693c877ef357b9e17b3195ae952a2450873923ffd2b34b60836ea730cfa'",
  ],
  generate: genLxdImages,
});
