/** The SQL module: the only place in src/ where SQL text is made. */
export { type Fragment, type Statement, subquery } from './template.js';
export type { TemplateName } from './templates.js';
export { ident, literal } from './quote.js';
export { TableName } from './table-name.js';
export { ParquetSource, type SourceSpec, TableSource, parseSource } from './source-spec.js';
export { KeySpec } from './key-spec.js';
export { type Column, HARD_DELETES, type HardDeletes } from './history-schema.js';
export { type AdoptedLayout, META_COLUMNS, type MetaColumnNames, VALIDITY_TYPES, type ValidityType } from './history-layout.js';
export { BOOKKEEPING, EFFECTIVE_DATE_RULES, type EffectiveDateRule, HistorySpec, type TableConfig } from './history-spec.js';
export { MONITORING_COLUMNS, type MonitoringRow, type MonitoringTable, monitoringDefinitions, monitoringStructure, monitoringTable } from './monitoring-schema.js';
export { type ApplySide, type CheckTemplate, EXPORT_ROW_GROUP_SIZE, FILE_FORMATS, type FileFormat, SAMPLE_LIMIT, exchangeRelation, parquetFiles, sql } from './statements/index.js';
export { DATE_TYPE, INTEGER_TYPES, INTERNAL_PREFIX, KEY_TYPES, baseType } from './types.js';
export { inexactPart } from './exact-hash.js';
