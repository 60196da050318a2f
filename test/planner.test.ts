import { describe, expect, it } from 'vitest';
import { emptyPeriodDate, periodInputs, planFullRefresh, planPeriods, planRun } from '../src/coordinator/planner.js';
import type { AppliedPeriod } from '../src/history/ledger.js';
import { refusal } from './helpers.js';

const all = { kind: 'all' } as const;
const year = (y: number) => ({ kind: 'range', from: y, to: y, exact: true }) as const;
const years = (from: number, to: number) => ({ kind: 'range', from, to, exact: false }) as const;


describe('planPeriods', () => {
  it('applies what is not yet applied, in order, and names what already is', () => {
    expect(planPeriods([2025, 2026, 2027], [], all)).toEqual({ apply: [2025, 2026, 2027], alreadyApplied: [] });
    expect(planPeriods([2025, 2026, 2027], [2025], all)).toEqual({ apply: [2026, 2027], alreadyApplied: [2025] });
    expect(planPeriods([2025, 2026, 2027], [2025, 2026], years(2026, 2027))).toEqual({ apply: [2027], alreadyApplied: [2026] });
    expect(planPeriods([2020, 2025, 2030], [], years(2019, 2026))).toEqual({ apply: [2020, 2025], alreadyApplied: [] });
  });

  it('refuses going back, skipping, gaps, and periods not in the source', () => {
    expect(refusal(() => planPeriods([2025, 2026], [2026], year(2025)))).toBe(
      'source period 2025 was never applied but is earlier than the latest applied period 2026; rebuild with --full-refresh',
    );
    expect(refusal(() => planPeriods([2025, 2026, 2027], [], year(2026)))).toBe('period 2026 would skip source period 2025, not yet applied');
    expect(refusal(() => planPeriods([2025], [], year(2024)))).toBe('period 2024 not in the source (source periods: 2025)');
    expect(refusal(() => planPeriods([], [], all))).toBe('all periods not in the source (source periods: none)');
  });

  it('plans an explicitly requested empty period only with allowEmpty', () => {
    expect(refusal(() => planPeriods([2025], [2025], year(2026)))).toBe('period 2026 not in the source (source periods: 2025)');
    expect(planPeriods([2025], [2025], year(2026), true)).toEqual({ apply: [2026], alreadyApplied: [] });
    expect(refusal(() => planPeriods([2025], [2025], years(2026, 2027), true))).toBe('periods 2026-2027 not in the source (source periods: 2025)');
  });
});

describe('planFullRefresh', () => {
  it('takes every source period up to the end of the selection', () => {
    expect(planFullRefresh([2025, 2026, 2027], all)).toEqual([2025, 2026, 2027]);
    expect(planFullRefresh([2025, 2026, 2027], year(2026))).toEqual([2025, 2026]);
    expect(refusal(() => planFullRefresh([2025], year(2030)))).toBe('period 2030 not in the source (source periods: 2025)');
  });
});

describe('effective dates', () => {
  it('dates an empty period from the previous one, read as years, and 29 February safely', () => {
    expect(emptyPeriodDate(2026, { period: 2025, effectiveDate: '2025-12-31' })).toBe('2026-12-31');
    expect(emptyPeriodDate(2025, { period: 2024, effectiveDate: '2024-02-29' })).toBe('2025-02-28');
    expect(refusal(() => emptyPeriodDate(2025, undefined))).toBe('period 2025 has no rows and no period is applied yet to date it from');
  });

  it('requires increasing dates', () => {
    const source = [
      { period: 2025, effectiveDate: '2025-12-31', rows: 1, fingerprint: '0' },
      { period: 2026, effectiveDate: '2025-06-30', rows: 1, fingerprint: '0' },
    ];
    expect(periodInputs(source, [2025], undefined)).toEqual([{ period: 2025, effectiveDate: '2025-12-31', previousPeriod: null }]);
    expect(refusal(() => periodInputs(source, [2025, 2026], undefined))).toBe(
      "period 2026 has effective date 2025-06-30, not after the previous period's 2025-12-31",
    );
    expect(refusal(() => periodInputs([{ period: 2025, effectiveDate: null, rows: 1, fingerprint: '0' }], [2025], undefined))).toBe('period 2025 has no effective date');
  });
});

describe('planRun', () => {
  const source = [2025, 2026].map((period) => ({ period, effectiveDate: `${period}-12-31`, rows: 3, fingerprint: '0' }));
  const applied: AppliedPeriod = { period: 2025, effectiveDate: '2025-12-31', appliedAt: '', rowsRead: 3, newVersions: 3, changedVersions: 0, removedVersions: 0, fingerprint: '0' };
  const request = { selection: all, fullRefresh: false, allowEmpty: false };

  it('plans the rest of the source after the ledger', () => {
    expect(planRun({ source, applied: [applied], targetRows: 3 }, request, 't')).toEqual({
      fullRefresh: false,
      inputs: [{ period: 2026, effectiveDate: '2026-12-31', previousPeriod: 2025 }],
      alreadyApplied: [applied],
    });
  });

  it('refuses a history with rows but no ledger, unless rebuilding', () => {
    expect(refusal(() => planRun({ source, applied: [], targetRows: 5 }, request, 't'))).toBe(
      'history table t exists but no applied periods are recorded for it; rebuild with --full-refresh',
    );
    expect(planRun({ source, applied: [], targetRows: 5 }, { ...request, fullRefresh: true }, 't').inputs).toHaveLength(2);
  });
});
