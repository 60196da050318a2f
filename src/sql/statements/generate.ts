import type { TableName } from '../table-name.js';
import { statement } from '../template.js';

/** The synthetic workforce generator. */
export const generateStatements = {
  generateSeed: () => statement('generate/seed'),
  generateSetup: () => statement('generate/setup'),
  generateCreate: (table: TableName) => statement('generate/create', { table: table.sql }),
  generateCensus: () => statement('generate/census'),
  generateYear: () => statement('generate/year'),
  generateHires: () => statement('generate/hires'),
  generateStats: () => statement('generate/stats'),
  generateEmit: (table: TableName) => statement('generate/emit', { table: table.sql }),
  generatePlanwiseCreate: (table: TableName) => statement('generate/planwise_create', { table: table.sql }),
  generatePlanwiseEmit: (table: TableName) => statement('generate/planwise_emit', { table: table.sql }),
  generateTotals: (table: TableName) => statement('generate/totals', { table: table.sql }),
};
