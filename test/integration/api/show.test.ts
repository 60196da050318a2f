import { describe, expect, it } from 'vitest';
import { ExitCode, type KeyVersion, type ShowReport, showKey } from '../../../src/index.js';
import { cli, query } from '../../support/helpers.js';
import {
  type Fixture,
  fileDigest,
  withAdopted,
  withComposite,
  withPlanwise,
  withWorkforce,
} from '../../support/history-fixtures.js';
import { schemaValidator } from '../../support/schemas.js';

const validShow = schemaValidator('show-report.v1.schema.json');

const q = (name: string) => `"${name}"`;
const keyFlag = (key: Record<string, string>) =>
  Object.entries(key)
    .map(([c, v]) => `${c}=${v}`)
    .join(',');

/**
 * What show must report, by plain SQL over the history and the rules in words: the first version
 * is new, a tombstone deleted, one that starts where a live one ended changed, any other returned;
 * changed and returned name the tracked values that differ from the version before.
 */
async function expectedVersions(f: Fixture, key: Record<string, string>): Promise<KeyVersion[]> {
  const where = Object.entries(key)
    .map(([c, v]) => `CAST(${q(c)} AS VARCHAR) = '${v}'`)
    .join(' AND ');
  const open = `${q(f.validTo)} IS NULL${f.openEnd === null ? '' : ` OR ${q(f.validTo)} = ${f.openEnd}`}`;
  const rows = await query<Record<string, unknown> & { vf: string; vt: string | null; del: boolean }>(
    f.db,
    `SELECT CAST(${q(f.validFrom)} AS VARCHAR) AS vf, CASE WHEN ${open} ` +
      `THEN NULL ELSE CAST(${q(f.validTo)} AS VARCHAR) END AS vt,
            ${f.deleted === null ? 'false' : q(f.deleted)} AS del, ${f.trackedColumns.map(q).join(', ')}
     FROM ${f.table} WHERE ${where} ORDER BY ${q(f.validFrom)}, del`,
  );
  return rows.map((r, i) => {
    const before = rows[i - 1];
    const kind = r.del
      ? 'deleted'
      : before === undefined
        ? 'new'
        : before.del || before.vt !== r.vf
          ? 'returned'
          : 'changed';
    const differs = (c: string) => before !== undefined && JSON.stringify(before[c]) !== JSON.stringify(r[c]);
    const changed = kind === 'changed' || kind === 'returned' ? f.trackedColumns.filter(differs) : [];
    return {
      validFrom: r.vf,
      validTo: r.vt,
      current: r.vt === null,
      kind,
      changed,
      values: Object.fromEntries(f.trackedColumns.map((c) => [c, r[c]])),
    };
  });
}

/** show --json for `key`, held to the schema and to plain SQL over the history; the file is left as it was. */
async function expectShowAgrees(f: Fixture, key: Record<string, string>): Promise<ShowReport> {
  const before = fileDigest(f.db);
  const flag = f.keyColumns.length === 1 ? (Object.values(key)[0] as string) : keyFlag(key);
  const printed = await cli('show', '--db', f.db, '--target', f.table, '--key', flag, '--json');
  expect([printed.code, printed.stderr]).toEqual([0, '']);
  const report = JSON.parse(printed.stdout) as ShowReport;
  expect(validShow(report) ? [] : validShow.errors).toEqual([]);
  expect(report.versions).toEqual(await expectedVersions(f, key));
  expect(report.trackedColumns).toEqual(f.trackedColumns);
  expect(fileDigest(f.db)).toBe(before);
  return report;
}

/** Keys of the source by how they come and go: in every period; gone after the first; gone, then back. */
async function keysByFate(f: Fixture): Promise<{ stays: string; leaves: string; returns: string | undefined }> {
  const [first, last] = [f.periods[0], f.periods.at(-1)];
  const rows = await query<{ id: string; years: number[] }>(
    f.db,
    'SELECT employee_id AS id, list(simulation_year ORDER BY simulation_year) ' +
      'AS years FROM fct_workforce_snapshot GROUP BY 1 ORDER BY 1',
  );
  const span = (y: number[]) => (y.at(-1) as number) - (y[0] as number) + 1;
  return {
    stays: rows.find((r) => r.years.length === f.periods.length)?.id as string,
    leaves: rows.find((r) => r.years[0] === first && r.years.at(-1) !== last && span(r.years) === r.years.length)
      ?.id as string,
    returns: rows.find((r) => span(r.years) > r.years.length)?.id,
  };
}

/**
 * The version valid at each period's year end holds the source's values of that year, and none where the key was
 * absent.
 */
async function expectMirrorsSource(f: Fixture, id: string, report: ShowReport): Promise<void> {
  for (const year of f.periods) {
    const d = `${year}-12-31`;
    const valid = report.versions.find(
      (v) => v.kind !== 'deleted' && v.validFrom <= d && (v.validTo === null || v.validTo > d),
    );
    const cols = f.trackedColumns.map(q).join(', ');
    const [row] = await query(
      f.db,
      `SELECT ${cols} FROM fct_workforce_snapshot WHERE employee_id = '${id}' AND simulation_year = ${year}`,
    );
    expect({ year, values: valid?.values }).toEqual({ year, values: row });
  }
}

describe("show: a key's versions in order, with what each changed", () => {
  it.each(['invalidate', 'new_record'] as const)(
    'agrees with plain SQL and with the source on a generated workforce (%s)',
    async (mode) => {
      await withWorkforce(
        mode,
        async (f) => {
          const { stays, leaves, returns } = await keysByFate(f);
          expect(returns).toBeDefined();
          for (const id of [stays, leaves, returns as string])
            await expectMirrorsSource(f, id, await expectShowAgrees(f, { employee_id: id }));
          const kinds = async (id: string) => (await showKey({ db: f.db, key: id })).versions.map((v) => v.kind);
          const left = await kinds(leaves);
          const back = await kinds(returns as string);
          if (mode === 'new_record') {
            expect(left.at(-1)).toBe('deleted');
            expect(back.join(',')).toMatch(/deleted,returned/);
          } else {
            expect(left).not.toContain('deleted');
            expect(back).toContain('returned');
          }
          // Changes name the columns that changed: pay, at least, for a key that stays.
          expect((await showKey({ db: f.db, key: stays })).versions[1]?.changed).toContain('annual_salary');
        },
        1000,
      );
    },
  );

  it('prints one aligned row per version, changes marked; a key not found is exit 2; nothing is written', async () => {
    await withWorkforce('new_record', async (f) => {
      const { leaves } = await keysByFate(f);
      const report = await showKey({ db: f.db, key: leaves });
      const before = fileDigest(f.db);
      const text = await cli('show', '--db', f.db, '--key', leaves);
      const lines = text.stdout.trimEnd().split('\n');
      expect([text.code, lines[0], lines.length]).toEqual([
        0,
        `scd_workforce_state: employee_id ${leaves}, ${report.versions.length} versions (* changed)`,
        report.versions.length + 2,
      ]);
      expect(lines[1]).toMatch(
        /^valid from {2}valid to {4}version {2}annual_salary {2}job_level {2}department {2}employee_status$/,
      );
      const tombstone = report.versions.at(-1) as KeyVersion;
      expect(lines.at(-1)).toMatch(
        new RegExp(`^${tombstone.validFrom}  open +deleted +${tombstone.values.annual_salary} `),
      );
      const changed = report.versions.find((v) => v.changed.includes('employee_status'));
      expect(
        lines.some(
          (l) => l.startsWith(changed?.validFrom as string) && l.endsWith(` *${changed?.values.employee_status}`),
        ),
      ).toBe(true);
      expect(await cli('show', '--db', f.db, '--key', 'E999999')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr: 'scd-parallel: key E999999 is not in scd_workforce_state\n',
      });
      expect(fileDigest(f.db)).toBe(before);
    });
  });

  it('agrees with plain SQL on a planwise-profile history', async () => {
    await withPlanwise(async (f) => {
      const [gone] = await query<{ id: string }>(
        f.db,
        "SELECT min(employee_id) AS id FROM fct_workforce_snapshot WHERE employment_status = 'terminated'",
      );
      const report = await expectShowAgrees(f, { employee_id: gone?.id as string });
      expect(report.versions.at(-1)?.changed).toEqual(['employment_status', 'termination_date']);
      await expectMirrorsSource(f, gone?.id as string, report);
    });
  });

  it('takes a composite key as column=value pairs; a value its type refuses or a missing column: exit 2', async () => {
    await withComposite(async (f) => {
      const [some] = await query<{ id: string }>(f.db, 'SELECT min(employee_id) AS id FROM fct_workforce_snapshot');
      const id = some?.id as string;
      const report = await expectShowAgrees(f, { scenario_id: '2', employee_id: id });
      // A BIGINT is text in JSON, as every value past what a double holds exactly may be.
      expect(report.key).toEqual({ scenario_id: '2', employee_id: id });
      const other = await showKey({ db: f.db, key: { employee_id: id, scenario_id: '1' } });
      expect(other.versions.map((v) => v.validFrom)).toEqual(report.versions.map((v) => v.validFrom));
      expect(other.versions[0]?.values.annual_salary).not.toEqual(report.versions[0]?.values.annual_salary);
      const refused = async (key: string) => {
        const r = await cli('show', '--db', f.db, '--key', key);
        return [r.code, r.stdout, r.stderr];
      };
      expect(await refused(`scenario_id=x,employee_id=${id}`)).toEqual([
        ExitCode.badInput,
        '',
        'scd-parallel: --key x is not a value of scenario_id (BIGINT)\n',
      ]);
      expect(await refused(id)).toEqual([
        ExitCode.badInput,
        '',
        `scd-parallel: --key must give a value for each of scenario_id, employee_id as column=value, got ${id}\n`,
      ]);
      expect(await refused(`scenario_id=3,employee_id=${id}`)).toEqual([
        ExitCode.badInput,
        '',
        `scd-parallel: key (3, ${id}) is not in scd_workforce_state\n`,
      ]);
    });
  });

  it('agrees with plain SQL on an adopted dbt snapshot (renamed meta columns, TIMESTAMP, 9999-12-31)', async () => {
    await withAdopted(async (f) => {
      const { stays, leaves } = await keysByFate(f);
      const report = await expectShowAgrees(f, { employee_id: stays });
      expect(report.versions.map((v) => [v.validFrom, v.validTo])).toEqual([
        ['2026-01-05 09:00:00', '2026-01-05 09:00:42.5'],
        ['2026-01-05 09:00:42.5', '2027-12-31 00:00:00'],
        ['2027-12-31 00:00:00', null],
      ]);
      expect((await expectShowAgrees(f, { employee_id: leaves })).versions.at(-1)?.current).toBe(false);
    });
  });
});
