/** osquery's `yara_process` table (spec specs/yara_process.table, implementation yara@genYaraProcessScan). */
import { col, defineTable } from '../../engine/spec.js';
import { genYaraProcess } from './yara_process.js';

export default defineTable({
  name: 'yara_process',
  description:
    'Triggers one-off YARA query for process memory of the specified pid. Additionally requires one of `sig_group`, `sigfile`, or `sigrule`.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('pid', 'INTEGER', 'The pid scanned (process memory)', { required: true, index: true }),
    col('matches', 'TEXT', 'List of YARA matches'),
    col('count', 'INTEGER', 'Number of YARA matches'),
    col('sig_group', 'TEXT', 'Signature group used', { additional: true }),
    col('sigfile', 'TEXT', 'Signature file used', { additional: true }),
    col('sigrule', 'TEXT', 'Signature strings used', { additional: true, hidden: true }),
    col('strings', 'TEXT', 'Matching strings'),
    col('tags', 'TEXT', 'Matching tags'),
    col('sigurl', 'TEXT', 'Signature url', { additional: true, hidden: true }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  examples: [
    "select * from yara where pid in (select pid from processes) and sigurl = 'https://raw.githubusercontent.com/Yara-Rules/rules/master/cve_rules/CVE-2010-0805.yar'",
    "select * from yara where pid = 1234 and sigfile = '/etc/osquery/yara/test.yara'",
    "select * from yara where pid = 1234 and sigrule = 'rule always_true { condition: true }'",
  ],
  generate: (ctx) => genYaraProcess(ctx),
});
