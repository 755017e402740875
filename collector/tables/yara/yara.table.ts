/** osquery's on-demand YARA scan of files (spec specs/yara_file.table), as `yara`; see yaraScanTable. */
import { yaraScanTable } from './yara.js';

export default yaraScanTable('yara');
