import { readFileSync } from 'node:fs';
import {
  DEFAULT_EFFECTIVE_DATE_COLUMN,
  DEFAULT_KEY_COLUMN,
  DEFAULT_PERIOD_COLUMN,
  DEFAULT_SOURCE_TABLE,
  DEFAULT_TARGET_TABLE,
  DEFAULT_TRACKED_COLUMNS,
} from './constants.js';
import { badInput, errorMessage } from './errors.js';

/** Which table and columns the engine reads; every name is configurable, so any snapshot table fits. */
export interface TableConfig {
  readonly sourceTable: string;
  readonly targetTable: string;
  readonly keyColumn: string;
  readonly periodColumn: string;
  readonly effectiveDateColumn: string;
  readonly trackedColumns: readonly string[];
}

export const DEFAULT_TABLE_CONFIG: TableConfig = {
  sourceTable: DEFAULT_SOURCE_TABLE,
  targetTable: DEFAULT_TARGET_TABLE,
  keyColumn: DEFAULT_KEY_COLUMN,
  periodColumn: DEFAULT_PERIOD_COLUMN,
  effectiveDateColumn: DEFAULT_EFFECTIVE_DATE_COLUMN,
  trackedColumns: DEFAULT_TRACKED_COLUMNS,
};

/** The JSON config file: the same names as TableConfig, every one optional. */
const STRING_KEYS = ['sourceTable', 'targetTable', 'keyColumn', 'periodColumn', 'effectiveDateColumn'] as const;

export function parseTableConfig(json: unknown, origin: string): Partial<TableConfig> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw badInput(`config ${origin}: expected a JSON object`);
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    if ((STRING_KEYS as readonly string[]).includes(name)) {
      if (typeof value !== 'string' || value === '') throw badInput(`config ${origin}: ${name} must be a non-empty string`);
      result[name] = value;
    } else if (name === 'trackedColumns') {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
        throw badInput(`config ${origin}: trackedColumns must be a non-empty array of column names`);
      }
      result[name] = value;
    } else {
      throw badInput(`config ${origin}: unknown setting ${name}`);
    }
  }
  return result as Partial<TableConfig>;
}

export function loadTableConfig(path: string): Partial<TableConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw badInput(`cannot read config ${path}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badInput(`config ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  return parseTableConfig(json, path);
}

/** Later layers win: defaults, then the config file, then flags. */
export function resolveTableConfig(...layers: Array<Partial<TableConfig> | undefined>): TableConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_TABLE_CONFIG };
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) merged[name] = value;
    }
  }
  return merged as unknown as TableConfig;
}
