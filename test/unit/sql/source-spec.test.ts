import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/sql/index.js';

describe('the source setting', () => {
  it('names files when it holds / or * or ends in .parquet outside double quotes, a table otherwise', () => {
    const kinds = (texts: string[]) => texts.map((text) => `${text}: ${parseSource(text).kind}`);
    const files = ['dir/*.parquet', '/data/x.parquet', 'snap.PARQUET', 's3://bucket/y=1/*.parquet', 'a*', '"x"/a'];
    expect(kinds(files)).toEqual(files.map((t) => `${t}: files`));
    const tables = ['fct_workforce_snapshot', 'snapshots.fct', '"a/b"', 'x."parquet"', '"s*".t'];
    expect(kinds(tables)).toEqual(tables.map((t) => `${t}: table`));
  });

  it('resolves a relative glob against the working directory, normalizes paths, keeps URLs, quotes it', () => {
    expect(parseSource('snaps/*.parquet').name).toBe(join(process.cwd(), 'snaps', '*.parquet'));
    expect(parseSource('s3://b/k=1/*.parquet').name).toBe('s3://b/k=1/*.parquet');
    expect(parseSource("/d/it's/*.parquet").sql.sql).toBe(
      `read_parquet(['/d/it''s/*.parquet'], hive_partitioning = true, union_by_name = true)`,
    );
    expect(parseSource('/d/*.parquet').sameAs(parseSource('/d/x/../*.parquet'))).toBe(true);
    expect(parseSource('/d/*.parquet').sameAs(parseSource('/e/*.parquet'))).toBe(false);
    expect(parseSource('x.parquet').sameAs(parseSource('x."parquet"'))).toBe(false);
    expect(parseSource('snaps/*.parquet').sameAs(parseSource(join(process.cwd(), 'snaps/*.parquet')))).toBe(true);
  });
});

describe('a table source', () => {
  it('records its name so that parseSource reads it back as the same table, never as files', () => {
    for (const text of ['fct_workforce_snapshot', 'snapshots.fct', '"a/b"', 'x."parquet"', '"s*".t', '"My Table"']) {
      const source = parseSource(text);
      const again = parseSource(source.name);
      expect([again.kind, again.sameAs(source)]).toEqual(['table', true]);
    }
    expect(parseSource('"a/b"').name).toBe('"a/b"');
    expect(parseSource('x."parquet"').name).toBe('x."parquet"');
    expect(parseSource('snapshots.fct').name).toBe('snapshots.fct');
  });

  it("resolves within the database's catalog, and knows when it reads the target itself", () => {
    const source = parseSource('sim.main.fct', { catalog: 'sim' });
    if (source.kind !== 'table') throw new Error('a table');
    expect(source.sameAs(parseSource('fct'))).toBe(true);
    expect(source.isTable(source.table)).toBe(true);
    expect(parseSource('/d/*.parquet').isTable(source.table)).toBe(false);
  });
});
