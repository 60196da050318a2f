import { resolve } from 'node:path';
import { literal } from './quote.js';
import { TableName } from './table-name.js';
import { type Fragment, fragment } from './template.js';

/** Outside quotes, these make a source setting a glob of files. */
const FILE_CHARACTERS = /[/*]/;

/** Snapshots read from a table or view of the database. */
export class TableSource {
  readonly kind = 'table';

  /**
   * `table`: the name the engine reads and looks up. `given`: the name as set, which it records and
   * shows: another where the source lives in an attached database (a lake's --db, see Home).
   */
  constructor(
    readonly table: TableName,
    private readonly given: TableName = table,
  ) {}

  /** As the user wrote it, for messages. */
  get text(): string {
    return this.given.text;
  }

  /**
   * As recorded with the history, to be read again by parseSource: a part that would make the name
   * read as files (`a/b`, `*`, a last part `parquet`) keeps its quotes, so that `"a/b"` is never
   * recorded as the glob a/b.
   */
  get name(): string {
    const last = this.given.parts.length - 1;
    const suffix = (part: string, i: number) => i > 0 && i === last && /^parquet$/i.test(part);
    return this.given.nameQuoting((part, i) => FILE_CHARACTERS.test(part) || suffix(part, i));
  }

  get sql(): Fragment {
    return this.table.sql;
  }

  sameAs(other: SourceSpec): boolean {
    return other.kind === 'table' && this.table.sameAs(other.table);
  }

  /** Whether reading this source means reading `target`. */
  isTable(target: TableName): boolean {
    return this.table.sameAs(target);
  }
}

/**
 * Snapshots read from Parquet files matched by a glob. `key=value` directories in their paths are
 * hive partitions, read as columns (DuckDB casts values that look like integers to BIGINT); files
 * without them add none, so one setting reads both layouts. Files whose columns differ in order or
 * number are matched by name.
 */
export class ParquetSource {
  readonly kind = 'files';

  /** `glob`: absolute, or a URL, so the history reads the same files from any directory. */
  private constructor(readonly glob: string) {}

  /**
   * A path made absolute against the working directory and normalized (`a/../b` is `b`), so that
   * two spellings of one glob compare equal; `~/` (DuckDB's home) and URLs (`s3://...`) as given.
   */
  static resolve(text: string): ParquetSource {
    const kept = text.startsWith('~/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
    return new ParquetSource(kept ? text : resolve(text));
  }

  get text(): string {
    return this.glob;
  }

  get name(): string {
    return this.glob;
  }

  get sql(): Fragment {
    return fragment(`read_parquet([${literal(this.glob).sql}], hive_partitioning = true, union_by_name = true)`);
  }

  sameAs(other: SourceSpec): boolean {
    return other.kind === 'files' && this.glob === other.glob;
  }

  isTable(): boolean {
    return false;
  }
}

/** Where a history's snapshots come from; either builds its own FROM fragment. */
export type SourceSpec = TableSource | ParquetSource;

/**
 * The catalogs names are read in: the database's own, which a name may give or leave out alike, and,
 * for a history in a lake, the attached --db where a table source named without a catalog lives.
 */
export interface Home {
  readonly catalog: string;
  readonly sourceCatalog?: string | null;
  /** The catalog is a DuckLake's: histories store what a table would compute (see HistorySchema). */
  readonly lake?: boolean;
}

/**
 * The source setting: Parquet files when, outside double-quoted parts, it holds a `/` or `*` or
 * ends in `.parquet`; a table name otherwise. Unquoted table names hold none of these in practice,
 * and a table whose name does can still be named by quoting that part (`"a/b"`, `x."parquet"`).
 */
export function parseSource(text: string, home: Home = { catalog: '' }): SourceSpec {
  const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
  if (FILE_CHARACTERS.test(unquoted) || /\.parquet$/i.test(unquoted)) return ParquetSource.resolve(text);
  const given = TableName.parse(text).within(home.catalog);
  const { sourceCatalog } = home;
  if (sourceCatalog === undefined || sourceCatalog === null || given.catalog !== null) return new TableSource(given);
  return new TableSource(given.inCatalog(sourceCatalog), given);
}
