/** osquery's `apparmor_profiles` table (spec specs/linux/apparmor_profiles.table, implementation system/apparmor_profiles@genAppArmorProfiles). */
import { col, defineTable } from '../../engine/spec.js';
import { genApparmorProfiles } from './apparmor_profiles.js';

export default defineTable({
  name: 'apparmor_profiles',
  description: 'Track active AppArmor profiles.',
  platforms: ['linux'],
  columns: [
    col('path', 'TEXT', 'Unique, aa-status compatible, policy identifier.', { index: true }),
    col('name', 'TEXT', 'Policy name.'),
    col('attach', 'TEXT', 'Which executable(s) a profile will attach to.'),
    col('mode', 'TEXT', 'How the policy is applied.'),
    col('sha1', 'TEXT', 'A unique hash that identifies this policy.', { collate: 'NOCASE' }),
    col('sha256', 'TEXT', 'A unique hash that identifies this policy.', { collate: 'NOCASE' }),
  ],
  examples: ["SELECT * FROM apparmor_profiles WHERE mode = 'complain'"],
  generate: genApparmorProfiles,
});
