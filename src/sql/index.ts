/** The SQL module: the only place in src/ where SQL text is made. */

export { inexactPart } from './exact-hash.js';
export {
  type AdoptedLayout,
  META_COLUMNS,
  type MetaColumnNames,
  VALIDITY_TYPES,
  type ValidityType,
} from './history-layout.js';
export { type Column, HARD_DELETES, type HardDeletes } from './history-schema.js';
export {
  BOOKKEEPING,
  EFFECTIVE_DATE_RULES,
  type EffectiveDateRule,
  HistorySpec,
  type TableConfig,
} from './history-spec.js';
export { KeySpec } from './key-spec.js';
export {
  LAKE_ALIAS,
  type LakeAttachOptions,
  LakeCatalog,
  SOURCE_ALIAS,
} from './lake-spec.js';
export {
  MONITORING_COLUMNS,
  type MonitoringRow,
  type MonitoringTable,
  monitoringDefinitions,
  monitoringStructure,
  monitoringTable,
} from './monitoring-schema.js';
export { ident, literal } from './quote.js';
export { type Home, ParquetSource, parseSource, type SourceSpec, TableSource } from './source-spec.js';
export {
  type ApplySide,
  type CheckTemplate,
  EXPORT_ROW_GROUP_SIZE,
  exchangeRelation,
  FILE_FORMATS,
  type FileFormat,
  parquetFiles,
  SAMPLE_LIMIT,
  sql,
} from './statements/index.js';
export { TableName } from './table-name.js';
export { type Fragment, type Statement, subquery } from './template.js';
export type { TemplateName } from './templates.js';
export { baseType, DATE_TYPE, INTEGER_TYPES, INTERNAL_PREFIX, KEY_TYPES } from './types.js';
