import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/defaults.js';
import { resolveRunOptions } from '../../../src/options/run-options.js';
import { DEFAULT_TABLE_CONFIG, layerTableConfig, parseTableConfig } from '../../../src/options/table-config.js';
import { refusal as message } from '../../support/refusal.js';

describe('config files', () => {
  it('take TableConfig names; keyColumn is the one-column form of keyColumns', () => {
    expect(parseTableConfig({ keyColumn: 'id', trackedColumns: ['a'] }, 'c.json')).toEqual({
      keyColumns: ['id'],
      trackedColumns: ['a'],
    });
    expect(
      parseTableConfig({ keyColumns: ['scenario_id', 'employee_id'], targetTable: 'snapshots.h' }, 'c.json'),
    ).toEqual({
      keyColumns: ['scenario_id', 'employee_id'],
      targetTable: 'snapshots.h',
    });
  });

  it.each([
    [[], 'config c.json: expected a JSON object'],
    [{ keyColumn: 'a', keyColumns: ['b'] }, 'config c.json: give keyColumn or keyColumns, not both'],
    [{ keyColumns: [] }, 'config c.json: keyColumns must be a non-empty array of column names'],
    [{ sourceTable: '' }, 'config c.json: sourceTable must be a non-empty string'],
    [{ trackedColumn: ['x'] }, 'config c.json: unknown setting trackedColumn'],
  ])('refuses %j', (json, expected) => {
    expect(message(() => parseTableConfig(json, 'c.json'))).toBe(expected);
  });
});

describe('layering', () => {
  it('later layers win setting by setting over the defaults; undefined leaves the earlier value', () => {
    const recorded = { ...DEFAULT_TABLE_CONFIG, keyColumns: ['k'], trackedColumns: ['x', 'y'] };
    expect(
      layerTableConfig(recorded, { trackedColumns: ['z'] }, { targetTable: 'h', periodColumn: undefined }),
    ).toEqual({
      ...DEFAULT_TABLE_CONFIG,
      keyColumns: ['k'],
      trackedColumns: ['z'],
      targetTable: 'h',
    });
    expect(layerTableConfig()).toEqual(DEFAULTS.table);
  });

  it('refuses an empty name or list from a library caller, naming the option', () => {
    expect(message(() => layerTableConfig({ keyColumns: [] }))).toBe('keyColumns must not be empty');
    expect(message(() => layerTableConfig({ trackedColumns: ['a', ''] }))).toBe('trackedColumns must not be empty');
    expect(message(() => layerTableConfig({ targetTable: '' }))).toBe('targetTable must not be empty');
  });
});

describe('run options', () => {
  const base = { db: 'x.duckdb', selection: { kind: 'all' } as const };

  it('fill every default from the one defaults object', () => {
    const settings = resolveRunOptions(base);
    expect(settings).toMatchObject({
      chunks: DEFAULTS.chunks,
      workers: DEFAULTS.workers,
      retries: DEFAULTS.retries,
      slaSeconds: DEFAULTS.slaSeconds,
      memoryLimitBytes: DEFAULTS.memoryLimitBytes,
      inline: false,
      fullRefresh: false,
      allowEmpty: false,
      table: {},
    });
  });

  it.each([
    [{ workers: 0 }, 'workers must be an integer from 1 to 16, got 0'],
    [{ workers: 2.5 }, 'workers must be an integer from 1 to 16, got 2.5'],
    [{ chunks: 4097 }, 'chunks must be an integer from 1 to 4096, got 4097'],
    [{ retries: -1 }, 'retries must be an integer from 0 to 100, got -1'],
    [{ slaSeconds: 0 }, 'slaSeconds must be positive, got 0'],
    [{ memoryLimitBytes: -5 }, 'memoryLimitBytes must be positive, got -5'],
  ])('name the option: %j', (options, expected) => {
    expect(message(() => resolveRunOptions({ ...base, ...options }))).toBe(expected);
  });
});
