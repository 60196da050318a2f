/** The library: the same capabilities as the CLI, spoken in option names. The CLI is dist/src/cli/main.js. */
export { runScd } from './api/run.js';
export { rewindScd, type RewindOptions, type RewindReport } from './api/rewind.js';
export { adoptSnapshot, type AdoptOptions, type AdoptReport } from './api/adopt.js';
export { type PeriodSelection, type RunOptions, autoChunks } from './options/run-options.js';
export { checkHistory, type CheckOptions } from './api/check.js';
export type { CheckReport, CheckResult } from './history/checks.js';
export { reportHistory, type HistoryReport } from './api/report.js';
export type { AppliedPeriod } from './history/ledger.js';
export { exportHistory, type ExportOptions, type ExportReport } from './api/export.js';
export { historyAsOf, type AsOfOptions, type AsOfReport } from './api/as-of.js';
export { generateWorkforce, type GenerateOptions, type GenerateSummary } from './api/generate.js';
export { GENERATE_PROFILES, type GenerateProfile } from './generate/profiles.js';
export type { RunReport, PeriodReport } from './model/run-report.js';
export type { ProgressEvent } from './model/progress.js';
export type { TableConfig, TableLayer } from './options/table-config.js';
export { DEFAULTS } from './defaults.js';
export { ERROR_CATALOG, type ErrorCode, ExitCode, ScdError } from './errors/index.js';
