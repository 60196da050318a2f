/** The library: the same capabilities as the CLI, spoken in option names. The CLI is dist/src/cli/main.js. */

export { type AdoptOptions, type AdoptReport, adoptSnapshot } from './api/adopt.js';
export { type AsOfOptions, type AsOfReport, historyAsOf } from './api/as-of.js';
export { type CheckOptions, checkHistory } from './api/check.js';
export type { ColumnChanges, DiffKeys, DiffState, Transition } from './api/diff.js';
export { type DiffOptions, type DiffReport, diffPeriods } from './api/diff.js';
export { type ExportOptions, type ExportReport, exportHistory } from './api/export.js';
export { type GenerateOptions, type GenerateSummary, generateWorkforce } from './api/generate.js';
export { type HistoryReport, reportHistory } from './api/report.js';
export { type RewindOptions, type RewindReport, rewindScd } from './api/rewind.js';
export { runScd } from './api/run.js';
export { type KeyVersion, type ShowOptions, type ShowReport, showKey, type VersionKind } from './api/show.js';
export type { LakeSettings } from './db/lake.js';
export { DEFAULTS } from './defaults.js';
export { ERROR_CATALOG, type ErrorCode, ExitCode, ScdError } from './errors/index.js';
export { GENERATE_PROFILES, type GenerateProfile } from './generate/profiles.js';
export type { CheckReport, CheckResult } from './history/checks.js';
export type { AppliedPeriod } from './history/ledger.js';
export type { ProgressEvent } from './model/progress.js';
export type { PeriodReport, RunReport } from './model/run-report.js';
export { autoChunks, type PeriodSelection, type RunOptions } from './options/run-options.js';
export type { TableConfig, TableLayer } from './options/table-config.js';
