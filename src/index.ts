export { runScd, autoChunks, type RunOptions } from './coordinator/run.js';
export { checkHistory, runChecks, type CheckReport, type CheckResult, type CheckOptions } from './coordinator/check.js';
export { generateWorkforce, type GenerateOptions, type GenerateSummary } from './generate/generate.js';
export type { RunReport, PeriodReport } from './coordinator/report.js';
export type { PeriodSelection } from './coordinator/plan.js';
export type { ProgressEvent } from './coordinator/context.js';
export { type TableConfig, DEFAULT_TABLE_CONFIG } from './config.js';
export { ExitCode, ScdError } from './errors.js';
export { main } from './cli/main.js';
