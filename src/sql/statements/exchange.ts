import type { HistorySpec } from '../history-spec.js';
import { KeySpec } from '../key-spec.js';
import { ident, literal } from '../quote.js';
import { type Fragment, fragment, type Statement, statement, templateFragment } from '../template.js';

/**
 * The exchange's temporary Parquet (exports for the workers, their change sets): written once, read
 * once or twice, kept for a period or two, so written plain. Hashes do not compress, and keys are
 * unique within a file, so each row group's dictionary was built and thrown away (PLAIN either
 * way). Plain and uncompressed, writing 1.48M (key, hash) pairs took 0.16-0.18 s instead of
 * 0.25-0.29 s with zstd at level 1 (one thread), and 1.66M (key, action) 0.25-0.30 s instead of
 * 0.32-0.36 s: CPU the apply they overlap is short of on 2 cores. The cost is bytes in the run's
 * temporary directory: exports 1.35x, change sets 2.7x larger.
 */
const exchange_options = fragment('FORMAT parquet, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1');

/** A (k0.., h) relation: Parquet files, or an empty relation of the key's types when there are none. */
export function exchangeRelation(files: readonly string[], keyTypes: readonly string[]): Fragment {
  if (files.length === 0)
    return templateFragment('change-set/exchange_empty', {
      empty_key: KeySpec.exchange(keyTypes.length).emptyExchange(keyTypes),
    });
  return parquetFiles(files);
}

/** Parquet files (at least one) as one relation. */
export function parquetFiles(files: readonly string[]): Fragment {
  return templateFragment('change-set/exchange_files', {
    files: fragment(`[${files.map((f) => literal(f).sql).join(', ')}]`),
  });
}

/**
 * The (key, hash) pairs of both sides, their export for the workers, and the change sets, shared
 * by the workers and the inline path so both classify alike.
 */
export const exchangeStatements = {
  periodHashes: (spec: HistorySpec) => statement('change-set/period_hashes', {}, spec.fragments),
  currentHashes: (spec: HistorySpec) => statement('change-set/current_hashes', {}, spec.fragments),
  copyToExchange: (relation: Fragment, file: string) =>
    statement('export/copy_to', { relation, file: literal(file), options: exchange_options }),
  exportChunks: (spec: HistorySpec, hashes: Fragment, chunks: number, dir: string) => {
    if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`bad chunk count ${chunks}`);
    return statement(
      'change-set/export_chunks',
      { hashes, chunks: fragment(String(chunks)), dir: literal(dir), exchange_options },
      spec.fragments,
    );
  },
  changeSet: (keyColumns: number, snapshot: Fragment, current: Fragment) => {
    const key = KeySpec.exchange(keyColumns);
    return statement('change-set/query', {
      snapshot,
      current,
      exchange_join: key.exchangeJoin('s', 'c'),
      exchange_coalesce: key.exchangeCoalesce('s', 'c'),
    });
  },
  changeSetTable: (table: string, changeSet: Statement) =>
    statement('change-set/table', { table: ident(table), change_set: fragment(changeSet.text) }),
  changeSetCounts: (changes: Fragment, snapshot: Fragment) => statement('change-set/counts', { changes, snapshot }),
};
