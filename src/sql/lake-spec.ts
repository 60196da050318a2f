import { resolve } from 'node:path';
import { ident, literal } from './quote.js';
import { type Fragment, fragment } from './template.js';

/** The names a lake session attaches under: the lake, which every connection USEs, and the --db file. */
export const LAKE_ALIAS = 'scd_lake';
export const SOURCE_ALIAS = 'scd_source';

/** Where DuckLake keeps a lake's catalog, as DuckLake names them. */
export type LakeCatalogKind = 'duckdb' | 'sqlite' | 'postgres';

/**
 * A lake's catalog as given to --lake: `sqlite:PATH`, `postgres:LIBPQ` (`postgres:dbname=x host=y`),
 * or a DuckDB file's path; `ducklake:` in front is taken too. Paths are made absolute, so that a
 * command run from another directory reaches the same lake.
 */
export class LakeCatalog {
  private constructor(
    readonly kind: LakeCatalogKind,
    /** The path, or the libpq string. */
    readonly location: string,
    /** As the user wrote it, for messages. */
    readonly text: string,
  ) {}

  static parse(text: string): LakeCatalog {
    const bare = text.replace(/^ducklake:/i, '');
    const prefixed = /^(sqlite|postgres|duckdb):(.*)$/is.exec(bare);
    const kind = (prefixed?.[1]?.toLowerCase() ?? 'duckdb') as LakeCatalogKind;
    const rest = prefixed?.[2] ?? bare;
    return new LakeCatalog(kind, kind === 'postgres' ? rest : resolve(rest), text);
  }

  /** ATTACH's target: `ducklake:` and the catalog as DuckLake reads it. */
  get attachTarget(): Fragment {
    return literal(this.kind === 'duckdb' ? `ducklake:${this.location}` : `ducklake:${this.kind}:${this.location}`);
  }
}

/** How a session attaches a lake: its data path (only where the lake is new), read-only, or at a snapshot. */
export interface LakeAttachOptions {
  readonly dataPath?: string;
  readonly readOnly?: boolean;
  readonly snapshot?: number;
}

/** The options of ATTACH, in their parentheses; nothing without one. */
export function lakeAttachOptions(options: LakeAttachOptions): Fragment {
  const parts: string[] = [];
  if (options.dataPath !== undefined) parts.push(`DATA_PATH ${literal(lakeDataPath(options.dataPath)).sql}`);
  if (options.readOnly) parts.push('READ_ONLY');
  if (options.snapshot !== undefined) {
    if (!Number.isSafeInteger(options.snapshot) || options.snapshot < 0)
      throw new Error(`bad snapshot ${options.snapshot}`);
    parts.push(`SNAPSHOT_VERSION ${options.snapshot}`);
  }
  return fragment(parts.length === 0 ? '' : `(${parts.join(', ')})`);
}

/** A directory made absolute; an object-storage URL (`s3://...`) as given. */
function lakeDataPath(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : resolve(text);
}

export const lakeAlias = (): Fragment => ident(LAKE_ALIAS);
/** The lake's name as DuckLake's table functions take it: a string. */
export const lakeName = (): Fragment => literal(LAKE_ALIAS);
