import type { DuckDBConnection } from '@duckdb/node-api';
import { one, toNumber } from '../db/database.js';
import { type HistorySpec, sql } from '../sql/index.js';
import { appliedPeriods, ledgerExists } from './ledger.js';

export interface CheckResult {
  readonly name: CheckName;
  readonly description: string;
  readonly violations: number;
  /** Up to SAMPLE_LIMIT offending keys (or periods), as text. */
  readonly sample: readonly string[];
}

/** The version of check --json's contract, schema/check-report.v<N>.schema.json. */
export const CHECK_REPORT_VERSION = 1;

export interface CheckReport {
  readonly schemaVersion: typeof CHECK_REPORT_VERSION;
  readonly ok: boolean;
  readonly targetTable: string;
  readonly periodsChecked: number;
  readonly checks: readonly CheckResult[];
}

const STRUCTURE_CHECKS = [
  ['null_keys', 'check/null_keys', 'no NULL keys'],
  ['multiple_current', 'check/multiple_current', 'at most one current version per key'],
  ['current_flag', 'check/current_flag', '{is_current} is true exactly when {valid_to} is {open}'],
  ['inverted_intervals', 'check/inverted', '{valid_from} is set and before {valid_to}'],
  ['overlapping_intervals', 'check/overlap', 'versions of one key do not overlap'],
] as const;

/** With new_record only: its history has tombstones. */
const TOMBSTONE_CHECKS = [
  ['tombstones', 'check/tombstones', 'a tombstone follows a version of its key, never another tombstone'],
] as const;

const RECONCILE_CHECKS = [
  ['reconcile_rows', 'check/reconcile_rows', 'every applied period row equals the version valid at its effective date'],
  ['reconcile_counts', 'check/reconcile_counts', 'versions valid at each applied period equal its rows in number'],
  ['unapplied_validity', 'check/unapplied_validity', "every version is valid at some applied period's effective date"],
  [
    'unapplied_bounds',
    'check/unapplied_bounds',
    "{valid_from}, and {valid_to} unless {open}, are applied periods' effective dates",
  ],
] as const;

type CheckName = (typeof STRUCTURE_CHECKS | typeof TOMBSTONE_CHECKS | typeof RECONCILE_CHECKS)[number][0];

/** Every check's stable name, in report order: the contract's schema lists exactly these. */
export const CHECK_NAMES: readonly CheckName[] = [...STRUCTURE_CHECKS, ...TOMBSTONE_CHECKS, ...RECONCILE_CHECKS].map(
  ([name]) => name,
);

/** A check's description in the history's own words: its column names and open end. */
function describe(text: string, spec: HistorySpec): string {
  const schema = spec.schema;
  const words: Record<string, string> = {
    '{is_current}': schema.name('isCurrent'),
    '{valid_from}': schema.name('validFrom'),
    '{valid_to}': schema.name('validTo'),
    '{open}': spec.config.validToCurrent ?? 'NULL',
  };
  return text.replace(/\{[a-z_]+\}/g, (word) => words[word] ?? word);
}

const LEDGER_CHECKS: ReadonlySet<string> = new Set(RECONCILE_CHECKS.map(([name]) => name));
/** The checks that read the source, per applied period. */
const SOURCE_CHECKS: ReadonlySet<string> = new Set(['reconcile_rows', 'reconcile_counts']);

/**
 * The checks of the history table (`check`), read-only. With `reconcileThrough`, only the applied
 * periods up to it are compared with the source (a run about to apply the later ones again after
 * their source changed); null: every one.
 */
export async function runChecks(
  connection: DuckDBConnection,
  spec: HistorySpec,
  reconcileThrough: number | null = null,
): Promise<CheckReport> {
  const applied = await appliedPeriods(connection, spec);
  const tombstones = spec.config.hardDeletes === 'new_record' ? TOMBSTONE_CHECKS : [];
  const planned = [...STRUCTURE_CHECKS, ...tombstones, ...((await ledgerExists(connection)) ? RECONCILE_CHECKS : [])];
  const checks: CheckResult[] = [];
  for (const [name, template, description] of planned) {
    // the ledger's checks read this history's applied periods; the others take no parameter
    const target = spec.target.canonical;
    const through = SOURCE_CHECKS.has(name) && { through: reconcileThrough };
    const params = LEDGER_CHECKS.has(name) ? { target, ...through } : undefined;
    const row = await one<{ violations: bigint; sample: string[] | null }>(
      connection,
      sql.check(spec, template),
      params,
    );
    checks.push({
      name,
      description: describe(description, spec),
      violations: toNumber(row.violations),
      sample: row.sample ?? [],
    });
  }
  return {
    schemaVersion: CHECK_REPORT_VERSION,
    ok: checks.every((c) => c.violations === 0),
    targetTable: spec.target.text,
    periodsChecked: applied.length,
    checks,
  };
}
