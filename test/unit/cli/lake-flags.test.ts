import { describe, expect, it } from 'vitest';
import { cliMessage } from '../../../src/cli/flags.js';
import { lakeFrom } from '../../../src/cli/lake-flags.js';
import { refused } from '../../support/refusal.js';

describe('the lake flags', () => {
  it('name no lake without --lake, and a lake with its data path, extensions and time', () => {
    expect(lakeFrom({}, {})).toBeUndefined();
    expect(lakeFrom({ lake: 'sqlite:c.sqlite', lakeData: 'd', extensionDir: 'x', run: 'r' }, {})).toEqual({
      catalog: 'sqlite:c.sqlite',
      dataPath: 'd',
      extensionDirectory: 'x',
      run: 'r',
    });
    expect(lakeFrom({ lake: 'l.ducklake', snapshot: 3 }, {})).toEqual({ catalog: 'l.ducklake', snapshot: 3 });
  });

  it('take the extension directory from SCD_EXTENSION_DIR, the flag first', () => {
    const env = { SCD_EXTENSION_DIR: '/ext' };
    expect(lakeFrom({ lake: 'c' }, env)?.extensionDirectory).toBe('/ext');
    expect(lakeFrom({ lake: 'c', extensionDir: '/mine' }, env)?.extensionDirectory).toBe('/mine');
    expect(lakeFrom({ lake: 'c' }, { SCD_EXTENSION_DIR: '' })?.extensionDirectory).toBeUndefined();
  });

  it.each([
    [{ lakeData: 'd' }, '--lake-data needs --lake'],
    [{ run: 'r' }, '--run needs --lake'],
    [{ snapshot: 1 }, '--snapshot needs --lake'],
  ])('refuse %o without --lake', (flags, message) => {
    const error = refused(() => lakeFrom(flags, {}));
    expect([error.code, cliMessage(error)]).toEqual(['MISSING_OPTION', message]);
  });
});
