/** What a history's versions and its ledger say period by period: the report page's History section. */
export interface HistoryPeriod {
  readonly period: number;
  readonly effectiveDate: string;
  /** The ledger's counts of the versions the period wrote. */
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
  /** Rows valid at the period's effective date (the end of the period), counted in the history. */
  readonly currentRows: number;
}

/** One `before → after` change of a tracked column's value, as text cut short; null is SQL NULL. */
export interface Transition {
  readonly before: string | null;
  readonly after: string | null;
  readonly versions: number;
}

/** A tracked column's most frequent transitions in one period, most frequent first. */
export interface PeriodTransitions {
  readonly period: number;
  /** All the period's changes of the column, of which `top` are the most frequent. */
  readonly changes: number;
  readonly top: readonly Transition[];
}

export interface HistoryFigures {
  readonly periods: readonly HistoryPeriod[];
  /** Each tracked column, in the history's order, with the periods that changed it. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly periods: readonly PeriodTransitions[] }>;
}
