/** docker_version, as osquery's genVersion: one row from GET /version. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, dockerGet, str } from './docker-api.js';

const FIELDS: Array<[string, string]> = [
  ['version', 'Version'],
  ['api_version', 'ApiVersion'],
  ['min_api_version', 'MinAPIVersion'],
  ['git_commit', 'GitCommit'],
  ['go_version', 'GoVersion'],
  ['os', 'Os'],
  ['arch', 'Arch'],
  ['kernel_version', 'KernelVersion'],
  ['build_time', 'BuildTime'],
];

export function* genDockerVersion(ctx: QueryContext): Iterable<Row> {
  const answer = dockerGet(ctx, '/version');
  if (answer === null) return;
  const version = asRecord(answer);
  yield Object.fromEntries(FIELDS.map(([column, field]) => [column, str(version[field]) ?? '']));
}
