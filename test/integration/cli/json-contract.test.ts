import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../../src/history/checks.js';
import { ERROR_CATALOG, ExitCode } from '../../../src/index.js';
import { cli, execute, withTempDir } from '../../support/helpers.js';
import { ROOT } from '../../support/paths.js';
import { schemaValidator } from '../../support/schemas.js';

const SCHEMA_DIR = join(ROOT, 'schema');
const validator = schemaValidator;

const validRun = validator('run-report.v2.schema.json');
const validCheck = validator('check-report.v1.schema.json');
const validError = validator('error.v1.schema.json');

/** Parses the command's stdout and holds it to the schema, printing ajv's errors when it fails. */
function conforming(validate: ValidateFunction, stdout: string): Record<string, unknown> {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  expect(validate(report) ? [] : validate.errors).toEqual([]);
  return report;
}

async function withGenerated<T>(fn: (db: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    expect((await cli('generate', '--db', db, '--employees', '300', '--years', '3')).code).toBe(0);
    return fn(db);
  });
}

async function runJson(...args: string[]): Promise<Record<string, unknown>> {
  const run = await cli('run', ...args, '--json');
  expect(run.code).toBe(0);
  return conforming(validRun, run.stdout);
}

describe('the JSON contract of run --json, check --json and of a failure with --json', () => {
  it('run --json conforms on workers, inline, a run applying nothing and a full refresh', async () => {
    await withGenerated(async (db) => {
      const workers = await runJson('--db', db, '--year', '2025', '--chunks', '3', '--workers', '2');
      expect(workers).toMatchObject({
        schemaVersion: 2,
        mode: 'incremental',
        changeSets: 'workers',
        chunks: 3,
        workers: 2,
        chunking: { reason: 'given', workersAsked: 2 },
      });
      const inline = await runJson('--db', db, '--years', '2026-2027', '--inline');
      expect(inline).toMatchObject({ schemaVersion: 2, changeSets: 'inline', totals: { periodsApplied: 2 } });
      const nothing = await runJson('--db', db, '--all');
      expect(nothing).toMatchObject({
        schemaVersion: 2,
        chunking: { reason: 'nothing-to-apply' },
        totals: { periodsApplied: 0, rowsRead: 0 },
      });
      expect((nothing.periods as { status: string }[]).map((p) => p.status)).toEqual([
        'already-applied',
        'already-applied',
        'already-applied',
      ]);
      await execute(
        db,
        'UPDATE fct_workforce_snapshot SET annual_salary = annual_salary + 1 WHERE simulation_year = 2026',
      );
      const replayed = await runJson('--db', db, '--all', '--replace');
      expect((replayed.periods as { status: string }[]).map((p) => p.status)).toEqual([
        'already-applied',
        'replaced',
        'replaced',
      ]);
      const rebuilt = await runJson('--db', db, '--full-refresh');
      expect(rebuilt).toMatchObject({
        schemaVersion: 2,
        mode: 'full-refresh',
        chunking: { reason: 'auto', largestPeriodRows: 366, rowsPerChunk: 16_000_000 },
        totals: { periodsApplied: 3 },
      });
      expect((rebuilt.periods as { status: string; seconds: number }[]).map((p) => [p.status, p.seconds > 0])).toEqual([
        ['rebuilt', true],
        ['rebuilt', true],
        ['rebuilt', true],
      ]);
    });
  });

  it('check --json conforms on a clean and on a broken history', async () => {
    await withGenerated(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const clean = await cli('check', '--db', db, '--json');
      expect(clean.code).toBe(ExitCode.ok);
      expect(conforming(validCheck, clean.stdout)).toMatchObject({ schemaVersion: 1, ok: true, periodsChecked: 3 });
      await execute(db, 'UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_from WHERE NOT is_current_record');
      const broken = await cli('check', '--db', db, '--json');
      expect(broken.code).toBe(ExitCode.checkFailed);
      const report = conforming(validCheck, broken.stdout);
      expect(report).toMatchObject({ schemaVersion: 1, ok: false });
      expect(report.checks).toContainEqual(
        expect.objectContaining({ name: 'inverted_intervals', violations: expect.any(Number) }),
      );
    });
  });

  it('the check schema names every check the engine has', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'check-report.v1.schema.json'), 'utf8'));
    expect(schema.properties.checks.items.properties.name.enum).toEqual(CHECK_NAMES);
  });

  it('the schemas refuse what breaks the contract: a missing version, an unknown field, a wrong type', async () => {
    await withGenerated(async (db) => {
      const run = JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout) as Record<string, unknown>;
      const check = JSON.parse((await cli('check', '--db', db, '--json')).stdout) as Record<string, unknown>;
      expect(validRun(run) && validCheck(check)).toBe(true);
      const { schemaVersion: _, ...unversioned } = run;
      expect(validRun(unversioned)).toBe(false);
      expect(validRun({ ...run, schemaVersion: 1 })).toBe(false);
      expect(validRun({ ...run, extra: true })).toBe(false);
      expect(validRun({ ...run, totals: { ...(run.totals as object), seconds: '1.5' } })).toBe(false);
      // chunking was added within version 2: optional, but held to its shape when there.
      const { chunking: __, ...unexplained } = run;
      expect(validRun(unexplained)).toBe(true);
      expect(validRun({ ...run, chunking: { reason: 'auto', workersAsked: 2 } })).toBe(false);
      expect(validRun({ ...run, chunking: { reason: 'guessed' } })).toBe(false);
      expect(validCheck({ ...check, ok: 'true' })).toBe(false);
      expect(validCheck({ ...check, ok: false })).toBe(false);
      expect(validCheck({ ...check, checks: [{ name: 'null_keys', violations: 0, sample: [] }] })).toBe(false);
    });
  });

  it('a failing command with --json prints its error and a code to stdout, its message to stderr', async () => {
    await withGenerated(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      await execute(
        db,
        'UPDATE fct_workforce_snapshot SET annual_salary = annual_salary + 1 WHERE simulation_year = 2025',
      );
      const changed = await cli('run', '--db', db, '--all', '--json');
      const said = new RegExp(
        '^scd-parallel: (source period 2025 has changed since it was applied to scd_workforce_state: ' +
          '\\d+ keys differ from the history; apply it again with --replace)\\n$',
      ).exec(changed.stderr);
      expect([changed.code, said?.[1]]).toEqual([ExitCode.badInput, expect.any(String)]);
      expect(conforming(validError, changed.stdout)).toEqual({
        error: { code: 'SOURCE_CHANGED', exitCode: ExitCode.badInput, message: said?.[1], flags: ['--replace'] },
      });
      // A typo exits 2 as well; its code tells it from a changed source.
      const typo = await cli('run', '--db', db, '--all', '--replase', '--json');
      expect(typo.code).toBe(ExitCode.badInput);
      expect(conforming(validError, typo.stdout)).toEqual({
        error: {
          code: 'USAGE',
          exitCode: ExitCode.badInput,
          message: expect.stringMatching(/^unknown option '--replase'/),
          flags: [],
        },
      });
      const check = await cli('check', '--db', db, '--target', 'nope', '--json');
      expect(check.code).toBe(ExitCode.badInput);
      expect(conforming(validError, check.stdout)).toMatchObject({
        error: { code: 'HISTORY_MISSING', exitCode: ExitCode.badInput },
      });
      // Without --json, stdout stays empty: the message on stderr is all there is.
      expect(await cli('run', '--db', db, '--all')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr: changed.stderr,
      });
    });
  });

  it('the error schema names every code of the catalog, and refuses an error without its code or with another', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'error.v1.schema.json'), 'utf8'));
    expect(schema.properties.error.properties.code.enum).toEqual(ERROR_CATALOG.map(([code]) => code));
    const exitCodes = [...new Set(ERROR_CATALOG.flatMap(([, exit]) => (typeof exit === 'number' ? [exit] : exit)))];
    expect([...schema.properties.error.properties.exitCode.enum].sort((a, b) => a - b)).toEqual(
      exitCodes.sort((a, b) => a - b),
    );
    const error = {
      code: 'IN_USE',
      exitCode: ExitCode.locked,
      message: 'database sim.duckdb is in use by another process',
      flags: [],
    };
    expect(validError({ error })).toBe(true);
    const { code: _, ...uncoded } = error;
    expect([
      validError({ error: uncoded }),
      validError({ error: { ...error, code: 'LOCKED' } }),
      validError({ ...error }),
    ]).toEqual([false, false, false]);
  });
});
