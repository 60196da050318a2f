import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, rewindScd, runScd } from '../../../src/index.js';
import { execute, historyFingerprint, memoryLogger, query, withTempDir } from '../../support/helpers.js';

/** SIGKILL during a rewind or a replace leaves the old history or the new one, never a mix. */
function killedAt(rule: string, ...args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/scd-parallel.js', ...args, '--log-level', 'silent'], {
      env: { ...process.env, SCD_PARALLEL_FAULT: rule },
      stdio: 'ignore',
    });
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

/** The history and its ledger, everything but dbt_updated_at and when periods were applied. */
async function state(db: string, historyOnly = false): Promise<string> {
  const only = historyOnly ? 'WHERE target_table = \'"main"."scd_workforce_state"\'' : '';
  const ledger = await query(
    db,
    `SELECT period, effective_date, rows_read, fingerprint FROM scd_parallel_periods ${only} ORDER BY period`,
  );
  return `${await historyFingerprint(db)} ${JSON.stringify(ledger)}`;
}

async function withApplied(fn: (dir: string, base: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const base = join(dir, 'base.duckdb');
    await generateWorkforce({
      db: base,
      table: 'fct_workforce_snapshot',
      employees: 2000,
      startYear: 2025,
      years: 4,
      seed: 5,
    });
    await runScd({ db: base, selection: { kind: 'all' } });
    await fn(dir, base);
  });
}

describe('SIGKILL during history lifecycle operations', () => {
  it('during a rewind: the old history; the rewind then completes', async () => {
    await withApplied(async (dir, base) => {
      const expected = join(dir, 'expected.duckdb');
      copyFileSync(base, expected);
      await rewindScd({ db: expected, to: 2026 });
      for (const rule of ['kill:rewind:2027']) {
        const db = join(dir, 'rewind.duckdb');
        copyFileSync(base, db);
        expect(await killedAt(rule, 'rewind', '--db', db, '--to', '2026'), rule).toBe('SIGKILL');
        expect(await state(db), rule).toBe(await state(base));
        await rewindScd({ db, to: 2026 });
        expect(await state(db), rule).toBe(await state(expected));
      }
    });
  });

  it('during a replace: the old history at every point up to COMMIT, the new after; a run completes it', async () => {
    await withApplied(async (dir, base) => {
      await execute(
        base,
        `UPDATE fct_workforce_snapshot SET annual_salary = annual_salary ` +
          `+ 1 WHERE simulation_year = 2026 AND hash(employee_id) % 5 = 0`,
      );
      const replaced = join(dir, 'replaced.duckdb');
      copyFileSync(base, replaced);
      await runScd({ db: replaced, selection: { kind: 'all' }, replace: true });
      const old = await state(base);
      const rules = [
        'kill:rewind:2026',
        'kill:merge:2026',
        'kill:insert:2027',
        'kill:check:2028',
        'kill:commit:2026',
        'kill:committed:2026',
      ];
      for (const rule of rules) {
        const db = join(dir, 'replace.duckdb');
        copyFileSync(base, db);
        expect(await killedAt(rule, 'run', '--db', db, '--all', '--replace'), rule).toBe('SIGKILL');
        expect(await state(db), rule).toBe(rule.startsWith('kill:committed') ? await state(replaced) : old);
        await runScd({ db, selection: { kind: 'all' }, replace: true });
        expect(await state(db), rule).toBe(await state(replaced));
      }
    });
  });

  it('full refresh: the old history up to the swap; the next run drops the rebuild, a refresh completes', async () => {
    await withApplied(async (dir, base) => {
      const old = await state(base);
      const leftovers = (db: string) =>
        query(
          db,
          `SELECT (SELECT count(*) FROM duckdb_tables() WHERE ` +
            `table_name = 'scd_workforce_state__scd_rebuild') AS tables,
          (SELECT count(*) FROM scd_parallel_periods WHERE target_table LIKE '%__scd_rebuild%') AS periods,
          (SELECT count(*) FROM mon_scd_integrity_checks WHERE target_table LIKE '%__scd_rebuild%') > 0 AS monitored`,
        );
      for (const rule of ['kill:insert:2026', 'kill:committed:2028']) {
        const db = join(dir, 'refresh.duckdb');
        copyFileSync(base, db);
        expect(await killedAt(rule, 'run', '--db', db, '--full-refresh'), rule).toBe('SIGKILL');
        expect(await leftovers(db), rule).toEqual([
          { tables: '1', periods: rule.endsWith('2026') ? '1' : '4', monitored: true },
        ]);
        expect(await state(db, true), rule).toBe(old);
        const { logger, lines } = memoryLogger('warn');
        await runScd({ db, selection: { kind: 'all' }, logger });
        const warned = { level: 40, time: expect.any(Number), pid: process.pid, hostname: expect.any(String) };
        expect(lines, rule).toEqual([
          // The killed run's temporary directory, and its rebuild table.
          { ...warned, msg: 'removed temporary files of an earlier run', stale: 1, tempRoot: `${db}.scd-tmp` },
          {
            ...warned,
            msg: 'dropped the rebuild table of a full refresh that was killed',
            runId: expect.any(String),
            target: 'scd_workforce_state',
          },
        ]);
        expect(await leftovers(db), rule).toEqual([{ tables: '0', periods: '0', monitored: false }]);
        await runScd({ db, selection: { kind: 'all' }, fullRefresh: true });
        expect(await state(db), rule).toBe(old);
      }
    });
  });
});
