import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourcePeriods } from '../../../src/engine/1-plan/run-state.js';
import { typedByHistory } from '../../../src/history/source-inspection.js';
import { runScd } from '../../../src/index.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { HistorySpec } from '../../../src/sql/index.js';
import { query, snapshotRow, withConnection, withTempDir, writeSnapshot } from '../../support/helpers.js';

// The source's fingerprints are read only when an applied period is compared with them (run-state.ts).
describe('source periods', () => {
  it('are fingerprinted as the ledger records them, and only when asked', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(
        db,
        [2025, 2026].flatMap((y) => ['A', 'B', 'C'].map((id) => snapshotRow(id, y, `${y - 2000}.${id.charCodeAt(0)}`))),
      );
      await runScd({ db, selection: { kind: 'all' }, chunks: 1, workers: 1 });
      const ledger = await query<{ period: number; fingerprint: string }>(
        db,
        'SELECT period::INTEGER AS period, fingerprint FROM scd_parallel_periods ORDER BY period',
      );
      const spec = new HistorySpec(DEFAULT_TABLE_CONFIG);
      await withConnection(db, async (c) => {
        const typed = await typedByHistory(c, spec);
        const fingerprints = async (fingerprinted: boolean) =>
          (await readSourcePeriods(c, typed, fingerprinted)).map((p) => ({
            period: p.period,
            fingerprint: p.fingerprint,
          }));
        expect(await fingerprints(true)).toEqual(ledger);
        expect(await fingerprints(false)).toEqual(ledger.map((p) => ({ ...p, fingerprint: null })));
      });
    });
  });
});
