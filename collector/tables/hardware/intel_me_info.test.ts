import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { genIntelMeInfo } from './intel_me_info.js';

describe('intel_me_info', () => {
  it('returns no rows and no error where there is no MEI device (as on this machine)', () => {
    assert.equal(existsSync('/dev/mei0'), false);
    assert.deepEqual(genIntelMeInfo(), []);
  });
});
