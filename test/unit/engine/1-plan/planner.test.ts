import { describe, expect, it } from 'vitest';
import { emptyPeriodDate, PeriodDates, periodInputs } from '../../../../src/engine/1-plan/period-dates.js';
import { planFullRefresh, planPeriods, planRun, type SourcePeriod } from '../../../../src/engine/1-plan/planner.js';
import type { AppliedPeriod } from '../../../../src/history/ledger.js';
import { refusal } from '../../../support/refusal.js';

const all = { kind: 'all' } as const;
const year = (y: number) => ({ kind: 'range', from: y, to: y, exact: true }) as const;
const years = (from: number, to: number) => ({ kind: 'range', from, to, exact: false }) as const;

describe('planPeriods', () => {
  it('applies what is not yet applied, in order, and names what already is', () => {
    expect(planPeriods([2025, 2026, 2027], [], all)).toEqual({ apply: [2025, 2026, 2027], alreadyApplied: [] });
    expect(planPeriods([2025, 2026, 2027], [2025], all)).toEqual({ apply: [2026, 2027], alreadyApplied: [2025] });
    expect(planPeriods([2025, 2026, 2027], [2025, 2026], years(2026, 2027))).toEqual({
      apply: [2027],
      alreadyApplied: [2026],
    });
    expect(planPeriods([2020, 2025, 2030], [], years(2019, 2026))).toEqual({ apply: [2020, 2025], alreadyApplied: [] });
  });

  it('refuses skipping and periods not in the source', () => {
    expect(refusal(() => planPeriods([2025, 2026, 2027], [], year(2026)))).toBe(
      'period 2026 would skip source period 2025, not yet applied',
    );
    expect(refusal(() => planPeriods([2025, 2026, 2027, 2028], [2025, 2027], year(2028)))).toBe(
      'period 2028 would skip source period 2026, not yet applied',
    );
    expect(refusal(() => planPeriods([2025], [], year(2024)))).toBe(
      'period 2024 not in the source (source periods: 2025)',
    );
    expect(refusal(() => planPeriods([], [], all))).toBe('all periods not in the source (source periods: none)');
  });

  it('applies a late period by replaying from it up to the latest applied period', () => {
    expect(planPeriods([2025, 2026, 2027], [2025, 2027], all)).toEqual({
      apply: [2026, 2027],
      alreadyApplied: [2025],
      rewindTo: 2025,
    });
    expect(planPeriods([2025, 2026, 2027, 2028], [2025, 2027], year(2026))).toEqual({
      apply: [2026, 2027],
      alreadyApplied: [],
      rewindTo: 2025,
    });
    expect(planPeriods([2024, 2025, 2026], [2025, 2026], all)).toEqual({
      apply: [2024, 2025, 2026],
      alreadyApplied: [],
      rewindTo: null,
    });
    // Applied periods alone are no-ops, even with a late period elsewhere.
    expect(planPeriods([2025, 2026, 2027], [2025, 2027], year(2027))).toEqual({ apply: [], alreadyApplied: [2027] });
  });

  it('replaces from the first changed period to the end of the request or the latest applied period', () => {
    expect(planPeriods([2025, 2026, 2027], [2025, 2026, 2027], all, false, 2026)).toEqual({
      apply: [2026, 2027],
      alreadyApplied: [2025],
      rewindTo: 2025,
    });
    expect(planPeriods([2025, 2026, 2027, 2028], [2025, 2026, 2027], year(2026), false, 2026)).toEqual({
      apply: [2026, 2027],
      alreadyApplied: [],
      rewindTo: 2025,
    });
    expect(planPeriods([2025, 2026, 2027, 2028], [2025, 2026], years(2027, 2028), false, 2025)).toEqual({
      apply: [2025, 2026, 2027, 2028],
      alreadyApplied: [],
      rewindTo: null,
    });
  });

  it('plans an explicitly requested empty period only with allowEmpty', () => {
    expect(refusal(() => planPeriods([2025], [2025], year(2026)))).toBe(
      'period 2026 not in the source (source periods: 2025)',
    );
    expect(planPeriods([2025], [2025], year(2026), true)).toEqual({ apply: [2026], alreadyApplied: [] });
    expect(planPeriods([2025, 2027], [2025, 2027], year(2026), true)).toEqual({
      apply: [2026, 2027],
      alreadyApplied: [],
      rewindTo: 2025,
    });
    expect(refusal(() => planPeriods([2025], [2025], years(2026, 2027), true))).toBe(
      'periods 2026-2027 not in the source (source periods: 2025)',
    );
  });
});

describe('planFullRefresh', () => {
  it('takes every source period and every period applied empty up to the end of the selection', () => {
    expect(planFullRefresh([2025, 2026, 2027], [], all)).toEqual([2025, 2026, 2027]);
    expect(planFullRefresh([2025, 2026, 2027], [], year(2026))).toEqual([2025, 2026]);
    expect(planFullRefresh([2025, 2027], [2026, 2028], all)).toEqual([2025, 2026, 2027, 2028]);
    expect(refusal(() => planFullRefresh([2025], [], year(2030)))).toBe(
      'period 2030 not in the source (source periods: 2025)',
    );
  });
});

const dated = (period: number, effectiveDate: string | null): SourcePeriod => ({
  period,
  effectiveDate,
  rows: 1,
  fingerprint: '0',
});

describe('effective dates', () => {
  it('dates an empty period by years only when periods are years, and 29 February safely', () => {
    expect(emptyPeriodDate(2026, undefined, { period: 2025, effectiveDate: '2025-12-31' }, true)).toBe('2026-12-31');
    expect(emptyPeriodDate(2025, undefined, { period: 2024, effectiveDate: '2024-02-29' }, true)).toBe('2025-02-28');
    expect(emptyPeriodDate(2025, '2025-06-30', undefined, false)).toBe('2025-06-30');
    expect(refusal(() => emptyPeriodDate(2025, undefined, undefined, true))).toBe(
      'period 2025 has no rows to date it and no other period is dated; give its date with emptyPeriodDate',
    );
    expect(refusal(() => emptyPeriodDate(4, undefined, { period: 3, effectiveDate: '2025-03-31' }, false))).toBe(
      'period 4 has no rows to date it and the periods are not years; give its date with emptyPeriodDate',
    );
    expect(new PeriodDates([dated(2025, '2025-12-31')], []).areYears()).toBe(true);
    expect(new PeriodDates([dated(3, '2025-03-31')], []).areYears()).toBe(false);
  });

  it('dates an empty first period from the next one, and refuses a date not before it', () => {
    const dates = new PeriodDates([dated(2026, '2026-12-31')], []);
    expect(periodInputs(dates, [2025], undefined)).toEqual([
      { period: 2025, effectiveDate: '2025-12-31', previousPeriod: null, previousEffectiveDate: null },
    ]);
    expect(periodInputs(dates, [2025], undefined, '2025-01-01')).toEqual([
      { period: 2025, effectiveDate: '2025-01-01', previousPeriod: null, previousEffectiveDate: null },
    ]);
    expect(refusal(() => periodInputs(dates, [2025], undefined, '2027-01-01'))).toBe(
      "period 2025 would take effective date 2027-01-01, not before period 2026's 2026-12-31",
    );
    expect(refusal(() => periodInputs(dates, [2026], undefined, '2027-01-01'))).toBe(
      'emptyPeriodDate 2027-01-01 dates a period without rows, and this run applies none',
    );
  });

  it('requires increasing dates', () => {
    const dates = new PeriodDates([dated(2025, '2025-12-31'), dated(2026, '2025-06-30')], []);
    expect(periodInputs(dates, [2025], undefined)).toEqual([
      { period: 2025, effectiveDate: '2025-12-31', previousPeriod: null, previousEffectiveDate: null },
    ]);
    expect(refusal(() => periodInputs(dates, [2025, 2026], undefined))).toBe(
      "period 2026 has effective date 2025-06-30, not after the previous period's 2025-12-31",
    );
    expect(refusal(() => periodInputs(new PeriodDates([dated(2025, null)], []), [2025], undefined))).toBe(
      'period 2025 has no effective date',
    );
  });
});

describe('planRun', () => {
  const source = [2025, 2026].map((period) => ({
    period,
    effectiveDate: `${period}-12-31`,
    rows: 3,
    fingerprint: '0',
  }));
  const applied = (period: number, rowsRead = 3): AppliedPeriod => ({
    period,
    effectiveDate: `${period}-12-31`,
    appliedAt: '',
    rowsRead,
    newVersions: 3,
    changedVersions: 0,
    removedVersions: 0,
    fingerprint: '0',
    versionsFingerprint: null,
    currentFingerprint: null,
    ledgerFingerprint: null,
  });
  const request = { selection: all, fullRefresh: false, allowEmpty: false, replace: false, emptyPeriodDate: undefined };
  const state = { source, applied: [applied(2025)], changed: [], targetRows: 3 };

  it('plans the rest of the source after the ledger', () => {
    expect(planRun(state, request, 't')).toEqual({
      fullRefresh: false,
      inputs: [
        { period: 2026, effectiveDate: '2026-12-31', previousPeriod: 2025, previousEffectiveDate: '2025-12-31' },
      ],
      alreadyApplied: [applied(2025)],
      rewindTo: undefined,
    });
  });

  it('refuses a changed period unless replacing, and then rewinds to the period before it', () => {
    const changed = { ...state, applied: [applied(2025), applied(2026)], changed: [{ period: 2026, keys: 2 }] };
    expect(refusal(() => planRun(changed, request, 't'))).toBe(
      'source period 2026 has changed since it was applied to t: ' +
        '2 keys differ from the history; apply it again with replace',
    );
    const redated = {
      ...changed,
      changed: [{ period: 2026, keys: 0, redated: { recorded: '2026-12-31', now: '2026-06-30' } }],
    };
    expect(refusal(() => planRun(redated, request, 't'))).toBe(
      'source period 2026 was applied to t as of 2026-12-31 but is now dated 2026-06-30; apply it again with replace',
    );
    const plan = planRun(changed, { ...request, replace: true }, 't');
    expect(plan.rewindTo).toEqual(applied(2025));
    expect(plan.inputs).toEqual([
      { period: 2026, effectiveDate: '2026-12-31', previousPeriod: 2025, previousEffectiveDate: '2025-12-31' },
    ]);
  });

  it('refuses to replay a period that lost its rows unless allowEmpty', () => {
    const emptied = {
      ...state,
      source: [source[0] as SourcePeriod],
      applied: [applied(2025), applied(2026)],
      changed: [{ period: 2026, keys: 3 }],
    };
    expect(refusal(() => planRun(emptied, { ...request, replace: true }, 't'))).toBe(
      'period 2026 was applied with 3 rows but has none in the source ' +
        'now; to apply it again as an empty snapshot, pass allowEmpty',
    );
    expect(planRun(emptied, { ...request, replace: true, allowEmpty: true }, 't').inputs).toEqual([
      { period: 2026, effectiveDate: '2026-12-31', previousPeriod: 2025, previousEffectiveDate: '2025-12-31' },
    ]);
  });

  it('keeps periods applied empty in a full refresh', () => {
    const withEmpty = {
      ...state,
      source: [
        source[0] as SourcePeriod,
        { ...(source[1] as SourcePeriod), period: 2027, effectiveDate: '2027-12-31' },
      ],
      applied: [applied(2025), applied(2026, 0)],
    };
    const plan = planRun(withEmpty, { ...request, fullRefresh: true }, 't');
    expect(plan.inputs.map(({ period, effectiveDate }) => ({ period, effectiveDate }))).toEqual([
      { period: 2025, effectiveDate: '2025-12-31' },
      { period: 2026, effectiveDate: '2026-12-31' },
      { period: 2027, effectiveDate: '2027-12-31' },
    ]);
  });

  it('refuses a history with rows but no ledger, unless rebuilding', () => {
    expect(refusal(() => planRun({ ...state, applied: [], targetRows: 5 }, request, 't'))).toBe(
      'history table t exists but no applied periods are recorded for it; rebuild with fullRefresh',
    );
    expect(
      planRun({ ...state, applied: [], targetRows: 5 }, { ...request, fullRefresh: true }, 't').inputs,
    ).toHaveLength(2);
  });
});
