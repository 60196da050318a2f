/** What happens to a key that leaves the source; dbt's names and meanings. */
export const HARD_DELETES = ['invalidate', 'new_record', 'ignore'] as const;
export type HardDeletes = (typeof HARD_DELETES)[number];

/** The type of dbt_valid_from and dbt_valid_to. TIMESTAMPTZ only comes with an adopted dbt snapshot. */
export const VALIDITY_TYPES = ['date', 'timestamp', 'timestamptz'] as const;
export type ValidityType = (typeof VALIDITY_TYPES)[number];

/** dbt's snapshot meta columns, which `snapshot_meta_column_names` may rename. */
export const META_COLUMNS = [
  'dbt_scd_id',
  'dbt_updated_at',
  'dbt_valid_from',
  'dbt_valid_to',
  'dbt_is_deleted',
] as const;
export type MetaColumn = (typeof META_COLUMNS)[number];
export type MetaColumnNames = Readonly<Partial<Record<MetaColumn, string>>>;

/**
 * How an adopted dbt snapshot stores what the engine's own histories derive: dbt_scd_id is a
 * stored md5 (new versions get one too), there is no record_hash, and is_current_record may be
 * absent (then a version is current when its dbt_valid_to is open).
 */
export interface AdoptedLayout {
  /** The last period the dbt snapshot had: periods up to it keep the dates its runs gave them. */
  readonly throughPeriod: number;
  readonly isCurrent: boolean;
  readonly updatedType: 'TIMESTAMP' | 'TIMESTAMP WITH TIME ZONE';
  /** dbt writes dbt_is_deleted as the text 'True' or 'False'; absent in older recordings: BOOLEAN. */
  readonly deletedAsText?: boolean;
}

/** The history's own columns' settings, recorded with it. */
export interface LayoutConfig {
  readonly hardDeletes: HardDeletes;
  readonly validityType: ValidityType;
  readonly metaColumnNames: MetaColumnNames;
  /** dbt's `dbt_valid_to_current`: the date an open version's dbt_valid_to holds instead of NULL. */
  readonly validToCurrent: string | null;
  readonly adopted: AdoptedLayout | null;
}

export interface Column {
  readonly name: string;
  readonly type: string;
}

export type Role = 'recordHash' | 'scdId' | 'validFrom' | 'validTo' | 'updatedAt' | 'isCurrent' | 'isDeleted';

/** A column the history adds after the source's; `generated` ones are VIRTUAL, computed when read. */
export interface RoleColumn extends Column {
  readonly role: Role;
  readonly generated: boolean;
}

export const SQL_TYPE: Record<ValidityType, string> = {
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMP WITH TIME ZONE',
};

/**
 * The history's SCD columns in order, with dbt snapshot names (or the ones
 * snapshot_meta_column_names gives) so dbt models read the table unchanged.
 */
const ROLE_NAMES: Record<Role, MetaColumn | 'record_hash' | 'is_current_record'> = {
  recordHash: 'record_hash',
  scdId: 'dbt_scd_id',
  validFrom: 'dbt_valid_from',
  validTo: 'dbt_valid_to',
  updatedAt: 'dbt_updated_at',
  isCurrent: 'is_current_record',
  isDeleted: 'dbt_is_deleted',
};

/** A role's column name, whether or not this history has the column (messages name it either way). */
export function roleName(role: Role, names: MetaColumnNames): string {
  const name = ROLE_NAMES[role];
  return (names as Record<string, string | undefined>)[name] ?? name;
}

/**
 * The SCD columns of a history with `config`. `stored`: record_hash and dbt_scd_id are stored,
 * written by every insert, where a table cannot compute them (DuckLake has no generated columns).
 */
export function roleColumns(config: LayoutConfig, stored = false): RoleColumn[] {
  const meta = (name: MetaColumn) => config.metaColumnNames[name] ?? name;
  const validity = SQL_TYPE[config.validityType];
  const adopted = config.adopted;
  const columns: RoleColumn[] = [
    ...(adopted === null
      ? [{ role: 'recordHash' as const, name: 'record_hash', type: 'UBIGINT', generated: !stored }]
      : []),
    { role: 'scdId', name: meta('dbt_scd_id'), type: 'VARCHAR', generated: adopted === null && !stored },
    { role: 'validFrom', name: meta('dbt_valid_from'), type: validity, generated: false },
    { role: 'validTo', name: meta('dbt_valid_to'), type: validity, generated: false },
    { role: 'updatedAt', name: meta('dbt_updated_at'), type: adopted?.updatedType ?? 'TIMESTAMP', generated: false },
    ...(adopted === null || adopted.isCurrent
      ? [{ role: 'isCurrent' as const, name: 'is_current_record', type: 'BOOLEAN', generated: false }]
      : []),
  ];
  const deletedType = adopted?.deletedAsText === true ? 'VARCHAR' : 'BOOLEAN';
  if (config.hardDeletes === 'new_record')
    columns.push({ role: 'isDeleted', name: meta('dbt_is_deleted'), type: deletedType, generated: false });
  return columns;
}
