import { quotedIdentifier } from '@duckdb/node-api';
import type { Column, Role, RoleColumn } from './history-layout.js';
import type { KeySpec } from './key-spec.js';
import { type Fragment, fragment } from './template.js';
import type { ValueHashes } from './value-hashes.js';

/**
 * What record_hash (once the types are known) and the engine's dbt_scd_id hold for a version
 * starting at `validFrom`: VIRTUAL columns compute it, a lake's stored ones are written it.
 */
export function derivedValues(
  key: KeySpec,
  hashes: ValueHashes | undefined,
  validFrom: string,
): Partial<Record<Role, string>> {
  return {
    // The hash change detection compares, but where a list holds nested values (see HashSite).
    ...(hashes !== undefined && { recordHash: hashes.tracked('column').sql }),
    scdId: `${key.scdIdPart().sql} || '|' || CAST(${validFrom} AS VARCHAR)`,
  };
}

/**
 * `"name" TYPE` for every column of a new history, the generated ones with their `generated`
 * expressions. A one-column text key (`fsstKey`; none in a lake, where DuckLake takes no compression
 * setting) is stored `USING COMPRESSION fsst`: unique within each period, it fills a
 * period's row groups (122,880 rows) with distinct strings, where dictionary compression cannot
 * win, yet left to choose DuckDB analyses both for every row group an insert writes. Forced, the
 * key was stored as FSST all the same (34.5 MiB at 1M employees x 3 years either way) and an
 * insert of 1.15M versions took 0.63-0.71 s instead of 0.80-0.86 s. The trade-off is small
 * histories, whose periods share a row group: a dictionary may store them smaller. Strings FSST
 * cannot shrink are stored uncompressed. A composite key's columns repeat: left to DuckDB.
 */
export function columnDefinitions(
  source: readonly Column[],
  columns: readonly RoleColumn[],
  generated: Partial<Record<Role, string>>,
  keyColumns: readonly string[],
): Fragment {
  const scd = columns.map(({ role, name, type, generated: virtual }) => {
    if (role === 'isDeleted') return `${quotedIdentifier(name)} ${type} NOT NULL DEFAULT false`;
    return `${quotedIdentifier(name)} ${type}${virtual ? ` GENERATED ALWAYS AS (${generated[role]}) VIRTUAL` : ''}`;
  });
  const fsst = keyColumns.length === 1 ? keyColumns[0]?.toLowerCase() : undefined;
  const stored = (s: Column) =>
    s.type === 'VARCHAR' && s.name.toLowerCase() === fsst ? ' USING COMPRESSION fsst' : '';
  return fragment([...source.map((s) => `${quotedIdentifier(s.name)} ${s.type}${stored(s)}`), ...scd].join(',\n  '));
}
