import { type DuckDBType, DuckDBTypeId, STRUCT } from '@duckdb/node-api';
import { literal } from './quote.js';

/**
 * Change detection compares a hash of the tracked values, so the hash must tell apart exactly
 * what IS DISTINCT FROM (check's comparison, and dbt's) tells apart. DuckDB's hash() is built for
 * hash tables, where a collision costs one more comparison, and on DuckDB 1.5 it collides by
 * construction: NULL, [] and [NULL] of a list, a NULL struct, {'a': NULL} and map() all hash as
 * NULL; a list's elements are folded into the hash of the arguments around it, so (['a','b'],
 * ['c']) hashes as (['a'], ['b','c']) and (x, NULL list) as (x, []); a HUGEINT, a UHUGEINT, a
 * DECIMAL of more than 18 digits and a UUID hash as the XOR of their two 64-bit halves (so -1 as 0,
 * and -0.01 as 0.00 in a DECIMAL(38,2)); an INTERVAL as the XOR of its months, days and
 * microseconds ('1 month' as '1 day'). Every other type this allows hashes exactly: distinct
 * values collide only by chance (2^-64), and values DuckDB takes as equal hash equal (-0.0 and
 * 0.0, NaNs).
 *
 * So each value is hashed through a form whose hash is exact: a list by its length and its
 * elements (each nested one hashed on its own), a struct by its NULL flag and its fields, a map as
 * the list of its entries, a union by its tag and members, the two-halved types with one half (or
 * the negation, which breaks the XOR's symmetry) beside them, an interval by its normalized text.
 * Columns of the types hashed exactly give the column itself: a history of those gets the same SQL
 * as before, at the same cost. The others cost more, at 1M rows on 2 cores (under load, so
 * roughly): 30-60 ms more a hash for a DECIMAL(38,2), HUGEINT, UUID or INTERVAL column, 5-50 ms
 * for a nested one, against 7-50 ms for DuckDB's hash() of it; a run hashes a period's rows about
 * three times (its change set, its check, the next run's fingerprint).
 */

/** Types whose hash() is exact, verified one by one; anything not here nor handled below is refused. */
const PLAIN: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIME,
  DuckDBTypeId.TIME_NS,
  DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.BLOB,
  DuckDBTypeId.BIT,
  DuckDBTypeId.BIGNUM,
  DuckDBTypeId.ENUM,
  DuckDBTypeId.GEOMETRY,
]);

/** A DECIMAL this wide is stored as a HUGEINT. */
const WIDEST_SMALL_DECIMAL = 18;

const isPlain = (type: DuckDBType): boolean =>
  PLAIN.has(type.typeId) || (type.typeId === DuckDBTypeId.DECIMAL && type.width <= WIDEST_SMALL_DECIMAL);

/** The part of `type` (itself, or a type nested in it) whose values cannot be hashed exactly; undefined when none. */
export function inexactPart(type: DuckDBType): DuckDBType | undefined {
  if (isPlain(type)) return undefined;
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.INTERVAL:
      return undefined;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return inexactPart(type.valueType);
    case DuckDBTypeId.MAP:
      return inexactPart(type.keyType) ?? inexactPart(type.valueType);
    case DuckDBTypeId.STRUCT:
      return type.entryTypes.map(inexactPart).find((t) => t !== undefined);
    case DuckDBTypeId.UNION:
      return type.memberTypes.map(inexactPart).find((t) => t !== undefined);
    default:
      return type;
  }
}

/** A lambda's parameter, one name per nesting depth. */
const parameter = (depth: number) => `__scd_x${depth}`;

/**
 * Where the hash is written: in a query, or in a generated column (record_hash), where DuckDB
 * allows no lambda. There a list's elements that are not plain are hashed by their text (DuckDB
 * quotes what must be, so the text tells them apart, but for a union's tag) beside DuckDB's own
 * hash of the list: finer than IS DISTINCT FROM only where such an element holds an interval
 * spelled otherwise ('1 month', '30 days') or -0.0 against 0.0. So two versions of a key never
 * share a record_hash. Change detection hashes in queries.
 */
export type HashSite = 'query' | 'column';

/** A list's hash: its length (NULL for a NULL list), then its elements, each hashed on its own unless plain. */
function listParts(element: DuckDBType, list: string, depth: number, site: HashSite): string {
  if (isPlain(element)) return `hash(len(${list}), ${list})`;
  // The text leaves out a union's tag, which DuckDB's own hash of the list holds.
  if (site === 'column') return `hash(len(${list}), CAST(${list} AS VARCHAR[]), ${list})`;
  const x = parameter(depth);
  const args = parts(element, x, site, depth + 1);
  const single = args.length === 1 ? (args[0] as string) : `hash(${args.join(', ')})`;
  return `hash(len(${list}), list_transform(${list}, lambda ${x}: ${single}))`;
}

/**
 * The arguments of hash() that hash a value of `type` exactly (a fixed number for the type, so
 * the arguments of several values never run into each other). Throws for a type inexactPart names.
 */
export function parts(type: DuckDBType, value: string, site: HashSite, depth = 0): string[] {
  if (isPlain(type)) return [value];
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return [value, `-(${value})`];
    case DuckDBTypeId.HUGEINT:
      return [value, `CAST((${value}) >> 64 AS BIGINT)`];
    case DuckDBTypeId.UHUGEINT:
      return [value, `CAST((${value}) >> 64 AS UBIGINT)`];
    case DuckDBTypeId.UUID:
      return [`CAST(${value} AS BLOB)`];
    case DuckDBTypeId.INTERVAL:
      // Normalized as DuckDB compares intervals: '1 month' equals '30 days'.
      return [`CAST(normalized_interval(${value}) AS VARCHAR)`];
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return [listParts(type.valueType, value, depth, site)];
    case DuckDBTypeId.MAP:
      return [listParts(STRUCT({ key: type.keyType, value: type.valueType }), `map_entries(${value})`, depth, site)];
    case DuckDBTypeId.STRUCT: {
      const fields = type.entryTypes.flatMap((t, i) => parts(t, `struct_extract_at(${value}, ${i + 1})`, site, depth));
      return [`hash(${value} IS NULL, ${fields.join(', ')})`];
    }
    case DuckDBTypeId.UNION: {
      const member = (i: number) => `union_extract(${value}, ${literal(type.memberTags[i] as string).sql})`;
      const members = type.memberTypes.flatMap((t, i) => parts(t, member(i), site, depth));
      return [`hash(union_tag(${value}), ${members.join(', ')})`];
    }
    default:
      throw new Error(`no exact hash for type ${type.toString()}`);
  }
}
