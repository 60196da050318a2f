import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ROOT } from './paths.js';

/** A schema of schema/ compiled by ajv in strict mode, which also refuses unknown keywords and loose types. */
export function schemaValidator(file: string): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', file), 'utf8')));
}
