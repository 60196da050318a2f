import { adoptStatements } from './adopt.js';
import { catalogStatements, ownershipStatements, sessionStatements } from './catalog.js';
import { checkStatements } from './check.js';
import { exchangeStatements } from './exchange.js';
import { exportStatements } from './export.js';
import { generateStatements } from './generate.js';
import { historyStatements } from './history.js';
import { historyFigureStatements } from './history-figures.js';
import { lakeStatements } from './lake.js';
import { ledgerStatements } from './ledger.js';
import { monitoringStatements } from './monitoring.js';
import { readStatements } from './read.js';
import { sourceStatements } from './source.js';

export type { CheckTemplate } from './check.js';
export { exchangeRelation, parquetFiles } from './exchange.js';
export { EXPORT_ROW_GROUP_SIZE, FILE_FORMATS, type FileFormat } from './export.js';
export type { ApplySide } from './history.js';
export { SAMPLE_LIMIT } from './shared.js';

/**
 * Every statement the engine runs, by name, one file an area as the templates under sql/ are.
 * Callers bind values as `$name` parameters; what is spliced in is a quoted identifier, a spec's
 * fragment, or a validated integer.
 */
export const sql = {
  ...sessionStatements,
  ...catalogStatements,
  ...ownershipStatements,
  ...ledgerStatements,
  ...sourceStatements,
  ...exchangeStatements,
  ...historyStatements,
  ...checkStatements,
  ...adoptStatements,
  ...exportStatements,
  ...monitoringStatements,
  ...historyFigureStatements,
  ...readStatements,
  ...generateStatements,
  ...lakeStatements,
};
