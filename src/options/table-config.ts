import { readFileSync } from 'node:fs';
import { DEFAULTS } from '../defaults.js';
import {
  configBothKeys,
  tableSettingEmpty,
  configNotJson,
  configNotList,
  configNotObject,
  configNotString,
  configUnknown,
  configUnreadable,
  errorMessage,
  notOneOf,
} from '../errors/index.js';
import { HARD_DELETES, type TableConfig } from '../sql/index.js';

export type { TableConfig };

/** A layer of table settings: any subset, from defaults, recorded settings, a config file or flags. */
export type TableLayer = Partial<TableConfig>;

export const DEFAULT_TABLE_CONFIG: TableConfig = DEFAULTS.table;

const STRINGS = ['sourceTable', 'targetTable', 'periodColumn', 'effectiveDateColumn', 'hardDeletes'] as const;
const LISTS = ['keyColumns', 'trackedColumns'] as const;

const isList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');

/** The JSON config file: TableConfig's names, every one optional; `keyColumn` is the one-column form of `keyColumns`. */
export function parseTableConfig(json: unknown, origin: string): TableLayer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw configNotObject(origin);
  const layer: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    if ((STRINGS as readonly string[]).includes(name) || name === 'keyColumn') {
      if (typeof value !== 'string' || value === '') throw configNotString(origin, name);
    } else if ((LISTS as readonly string[]).includes(name)) {
      if (!isList(value)) throw configNotList(origin, name);
    } else {
      throw configUnknown(origin, name);
    }
    layer[name === 'keyColumn' ? 'keyColumns' : name] = name === 'keyColumn' ? [value] : value;
  }
  if ('keyColumn' in json && 'keyColumns' in json) throw configBothKeys(origin);
  return layer as TableLayer;
}

export function loadTableConfig(path: string): TableLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw configUnreadable(path, errorMessage(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw configNotJson(path, errorMessage(error));
  }
  return parseTableConfig(json, path);
}

/** Later layers win, setting by setting; an undefined value leaves the earlier one. An empty name or list is refused, naming its option. */
export function layerTableConfig(...layers: ReadonlyArray<TableLayer | undefined>): TableConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_TABLE_CONFIG };
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) merged[name] = value;
    }
  }
  for (const name of [...STRINGS, ...LISTS]) {
    const value = merged[name];
    if (typeof value === 'string' ? value === '' : !isList(value)) throw tableSettingEmpty(name);
  }
  if (!(HARD_DELETES as readonly unknown[]).includes(merged.hardDeletes)) throw notOneOf('hardDeletes', HARD_DELETES, merged.hardDeletes);
  return merged as unknown as TableConfig;
}
