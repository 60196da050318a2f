import { readFileSync } from 'node:fs';
import { DEFAULTS } from '../defaults.js';
import {
  configBothKeys,
  configNotJson,
  configNotList,
  configNotObject,
  configNotString,
  configUnknown,
  configUnreadable,
  errorMessage,
  metaNamesRepeat,
  notOneOf,
  tableSettingEmpty,
} from '../errors/index.js';
import { EFFECTIVE_DATE_RULES, HARD_DELETES, META_COLUMNS, type TableConfig, VALIDITY_TYPES } from '../sql/index.js';
import { checkDate } from './checks.js';

export type { TableConfig };

/** A layer of table settings: any subset, from defaults, recorded settings, a config file or flags. */
export type TableLayer = Partial<TableConfig>;

export const DEFAULT_TABLE_CONFIG: TableConfig = DEFAULTS.table;

const STRINGS = [
  'sourceTable',
  'targetTable',
  'periodColumn',
  'effectiveDateRule',
  'effectiveDateColumn',
  'hardDeletes',
  'validityType',
] as const;
const LISTS = ['keyColumns', 'trackedColumns'] as const;

/** One of `allowed`, naming the option otherwise. */
function oneOf<T extends string>(option: string, allowed: readonly T[], value: unknown): T {
  if (!(allowed as readonly unknown[]).includes(value)) throw notOneOf(option, allowed, value);
  return value as T;
}

const isList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');

/**
 * The JSON config file: TableConfig's names, every one optional; `keyColumn` is the one-column form of `keyColumns`.
 */
export function parseTableConfig(json: unknown, origin: string): TableLayer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw configNotObject(origin);
  const layer: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    if ((STRINGS as readonly string[]).includes(name) || name === 'keyColumn') {
      if (typeof value !== 'string' || value === '') throw configNotString(origin, name);
    } else if ((LISTS as readonly string[]).includes(name)) {
      if (!isList(value)) throw configNotList(origin, name);
    } else if (name === 'validToCurrent') {
      if (typeof value !== 'string' && value !== null) throw configNotString(origin, name);
    } else if (name === 'metaColumnNames') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw configNotObject(`${origin}: ${name}`);
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

/**
 * Later layers win, setting by setting; an undefined value leaves the earlier one. An empty name or list is refused,
 * naming its option.
 */
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
  oneOf('hardDeletes', HARD_DELETES, merged.hardDeletes);
  oneOf('effectiveDateRule', EFFECTIVE_DATE_RULES, merged.effectiveDateRule);
  oneOf('validityType', VALIDITY_TYPES, merged.validityType);
  if (merged.validToCurrent !== null) checkDate('validToCurrent', merged.validToCurrent as string);
  checkMetaNames(merged.metaColumnNames as Record<string, unknown>);
  return merged as unknown as TableConfig;
}

/**
 * dbt's snapshot_meta_column_names: only its five names, each renamed to a non-empty name, and
 * the history's columns all distinct after it (record_hash and is_current_record keep theirs).
 */
function checkMetaNames(names: Record<string, unknown>): void {
  for (const [meta, name] of Object.entries(names)) {
    oneOf('metaColumnNames', META_COLUMNS, meta);
    if (typeof name !== 'string' || name === '') throw tableSettingEmpty(`metaColumnNames.${meta}`);
  }
  const columns = [...META_COLUMNS.map((meta) => String(names[meta] ?? meta)), 'record_hash', 'is_current_record'].map(
    (n) => n.toLowerCase(),
  );
  const repeated = columns.filter((n, i) => columns.indexOf(n) !== i);
  if (repeated.length > 0) throw metaNamesRepeat(repeated);
}
