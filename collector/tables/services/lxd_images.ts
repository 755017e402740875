/**
 * lxd_images, as osquery's genLxdImages: the images named by `id` constraints (GET /1.0/images/<id>, the id reported
 * as given, so a fingerprint prefix works) or every URL of GET /1.0/images (id = fingerprint). osquery requires every
 * field it reads, update_source included: an image without one (imported locally, not from a remote) is skipped.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, lookup, lxdList, lxdMetadata, need, needFlag, needInt, tryFields } from './lxd-api.js';

export function* genLxdImages(ctx: QueryContext): Iterable<Row> {
  const ids = ctx.equals('id').map(String);
  const targets =
    ids.length > 0
      ? ids.map((id) => ({ url: `/1.0/images/${encodeURIComponent(id)}`, id }))
      : lxdList(ctx, '/1.0/images').map((url) => ({ url, id: '' }));
  for (const { url, id } of targets) {
    const image = lxdMetadata(ctx, url);
    if (image === null) continue;
    const row: Row = {};
    if (tryFields(ctx, url, () => Object.assign(row, imageRow(image, id)))) yield row;
  }
}

function imageRow(image: unknown, id: string): Row {
  const source = lookup(image, 'update_source');
  const aliases = lookup(image, 'aliases');
  return {
    id: id === '' ? need(image, 'fingerprint') : id,
    architecture: need(image, 'architecture'),
    os: need(image, 'properties/os'),
    release: need(image, 'properties/release'),
    description: need(image, 'properties/description'),
    filename: need(image, 'filename'),
    size: needInt(image, 'size'),
    auto_update: needFlag(image, 'auto_update'),
    cached: needFlag(image, 'cached'),
    public: needFlag(image, 'public'),
    created_at: need(image, 'created_at'),
    expires_at: need(image, 'expires_at'),
    uploaded_at: need(image, 'uploaded_at'),
    last_used_at: need(image, 'last_used_at'),
    update_source_server: need(source, 'server'),
    update_source_protocol: need(source, 'protocol'),
    update_source_certificate: need(source, 'certificate'),
    update_source_alias: need(source, 'alias'),
    aliases: (Array.isArray(aliases) ? aliases : []).map((a) => need(asRecord(a), 'name')).join(','),
  };
}
