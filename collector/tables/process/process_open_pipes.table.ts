/** osquery's `process_open_pipes` table (spec specs/linux/process_open_pipes.table, implementation system/process_open_pipes@genPipes). */
import { col, defineTable } from '../../engine/spec.js';
import { genProcessOpenPipes } from './process_open_pipes.js';

export default defineTable({
  name: 'process_open_pipes',
  description: 'Pipes and partner processes for each process.',
  platforms: ['linux'],
  columns: [
    col('pid', 'BIGINT', 'Process ID'),
    col('fd', 'BIGINT', 'File descriptor'),
    col('mode', 'TEXT', 'Pipe open mode (r/w)'),
    col('inode', 'BIGINT', 'Pipe inode number'),
    col('type', 'TEXT', 'Pipe Type: named vs unnamed/anonymous'),
    col('partner_pid', 'BIGINT', 'Process ID of partner process sharing a particular pipe'),
    col('partner_fd', 'BIGINT', "File descriptor of shared pipe at partner's end"),
    col('partner_mode', 'TEXT', "Mode of shared pipe at partner's end"),
  ],
  examples: ['select * from process_open_pipes'],
  generate: genProcessOpenPipes,
});
