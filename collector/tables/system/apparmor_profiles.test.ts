import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genApparmorProfiles } from './apparmor_profiles.js';

describe('apparmor_profiles', () => {
  it('reads profiles and sub-profiles from the securityfs layout', () => {
    const rows = genApparmorProfiles(
      createQueryContext({ table: 'apparmor_profiles' }),
      fromRoot('collector/tables/system/fixtures/apparmor'),
    );
    assert.deepEqual(
      rows.map((r) => [r.path, r.name, r.mode, r.attach, r.sha256]),
      [
        ['nginx', 'nginx', 'enforce', '/usr/sbin/nginx', null],
        [
          '/usr/bin/man',
          '/usr/bin/man',
          'enforce',
          '/usr/bin/man',
          'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        ],
        ['nginx//php-fpm', 'php-fpm', 'complain', '<unconfined>', null],
      ],
    );
  });

  it('returns no rows without AppArmor', () => {
    assert.deepEqual(
      genApparmorProfiles(createQueryContext({ table: 'apparmor_profiles' }), '/nonexistent/apparmor'),
      [],
    );
  });
});
