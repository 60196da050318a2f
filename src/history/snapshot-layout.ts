import { adoptMissing, adoptModeMismatch, adoptType } from '../errors/index.js';
import type { AdoptedLayout, Column, HardDeletes, MetaColumnNames, ValidityType } from '../sql/index.js';

export interface SnapshotLayout {
  readonly validityType: ValidityType;
  readonly hardDeletes: HardDeletes;
  readonly layout: Omit<AdoptedLayout, 'throughPeriod'>;
}

const VALIDITY: Readonly<Record<string, ValidityType>> = {
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
};
const UPDATED = ['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE'] as const;

/**
 * What a dbt snapshot table stores, read from its columns: dbt's four meta columns (under
 * snapshot_meta_column_names), dbt_is_deleted when it was kept with hard deletes as new_record,
 * and is_current_record when someone added it. A snapshot that lacks one, or types one otherwise,
 * is refused with every problem named. `hardDeletes`, when given, must agree with dbt_is_deleted.
 */
export function snapshotLayout(
  table: string,
  columns: readonly Column[],
  names: MetaColumnNames,
  hardDeletes: HardDeletes | undefined,
): SnapshotLayout {
  const find = (name: string) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const meta = (name: keyof MetaColumnNames) => names[name] ?? name;
  const required = [meta('dbt_scd_id'), meta('dbt_updated_at'), meta('dbt_valid_from'), meta('dbt_valid_to')];
  const missing = required.filter((name) => find(name) === undefined);
  if (missing.length > 0) throw adoptMissing(table, missing, required);
  const [scdId, updatedAt, validFrom, validTo] = required.map((name) => find(name) as Column) as [
    Column,
    Column,
    Column,
    Column,
  ];
  const validityType = VALIDITY[validFrom.type];
  if (validityType === undefined) throw adoptType(table, validFrom, Object.keys(VALIDITY));
  if (validTo.type !== validFrom.type) throw adoptType(table, validTo, [validFrom.type]);
  if (!(UPDATED as readonly string[]).includes(updatedAt.type)) throw adoptType(table, updatedAt, UPDATED);
  if (scdId.type !== 'VARCHAR') throw adoptType(table, scdId, ['VARCHAR']);
  const isCurrent = find('is_current_record');
  if (isCurrent !== undefined && isCurrent.type !== 'BOOLEAN') throw adoptType(table, isCurrent, ['BOOLEAN']);
  const isDeleted = find(meta('dbt_is_deleted'));
  if (isDeleted !== undefined && !['BOOLEAN', 'VARCHAR'].includes(isDeleted.type))
    throw adoptType(table, isDeleted, ['BOOLEAN', 'VARCHAR']);
  const mode = hardDeletes ?? (isDeleted === undefined ? 'invalidate' : 'new_record');
  if ((mode === 'new_record') !== (isDeleted !== undefined))
    throw adoptModeMismatch(table, mode, meta('dbt_is_deleted'));
  return {
    validityType,
    hardDeletes: mode,
    layout: {
      isCurrent: isCurrent !== undefined,
      updatedType: updatedAt.type as AdoptedLayout['updatedType'],
      deletedAsText: isDeleted?.type === 'VARCHAR',
    },
  };
}
