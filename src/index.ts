/** The library: the same capabilities as the CLI, spoken in option names. The CLI is dist/src/cli/main.js. */
export { runScd } from './coordinator/run.js';
export { rewindScd, type RewindOptions, type RewindReport } from './coordinator/rewind.js';
export { adoptSnapshot, type AdoptOptions, type AdoptReport } from './coordinator/adopt.js';
export { type PeriodSelection, type RunOptions, autoChunks } from './options/run-options.js';
export { checkHistory, type CheckReport, type CheckResult, type CheckOptions } from './history/check.js';
export { reportHistory, type HistoryReport } from './history/report.js';
export type { AppliedPeriod } from './history/ledger.js';
export { exportHistory, type ExportOptions, type ExportReport } from './history/export.js';
export { historyAsOf, type AsOfOptions, type AsOfReport } from './history/as-of.js';
export { generateWorkforce, type GenerateOptions, type GenerateSummary } from './generate/generate.js';
export { GENERATE_PROFILES, type GenerateProfile } from './generate/profiles.js';
export type { RunReport, PeriodReport } from './model/run-report.js';
export type { ProgressEvent } from './model/progress.js';
export type { TableConfig, TableLayer } from './options/table-config.js';
export { DEFAULTS } from './defaults.js';
export { ExitCode, ScdError } from './errors/index.js';
