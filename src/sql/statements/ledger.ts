import type { HistorySpec } from '../history-spec.js';
import { fragment, statement } from '../template.js';
import { bookkeeping, dateText } from './shared.js';

/** The periods ledger and the recorded settings of each history. */
export const ledgerStatements = {
  periodsCreate: () => statement('ledger/periods_create', {}, bookkeeping),
  periodsWiden: () => statement('ledger/periods_widen', {}, bookkeeping),
  /** Without `fingerprints`, a ledger written before whole-history fingerprints: none is read. */
  periodsApplied: (fingerprints: boolean) => {
    const names = ['versions_fingerprint', 'current_fingerprint', 'ledger_fingerprint'];
    const columns = Object.fromEntries(names.map((c) => [c, fragment(fingerprints ? c : 'CAST(NULL AS VARCHAR)')]));
    return statement(
      'ledger/periods_applied',
      { effective_date_text: dateText('effective_date'), ...columns },
      bookkeeping,
    );
  },
  periodsFingerprintsAdd: () => statement('ledger/periods_fingerprints_add', {}, bookkeeping),
  periodsFingerprint: () => statement('ledger/periods_fingerprint', {}, bookkeeping),
  periodsRecord: () => statement('ledger/periods_record', {}, bookkeeping),
  periodsForget: () => statement('ledger/periods_forget', {}, bookkeeping),
  periodsMove: () => statement('ledger/periods_move', {}, bookkeeping),
  periodsRefingerprint: () => statement('ledger/periods_refingerprint', {}, bookkeeping),
  periodsRewind: () => statement('ledger/periods_rewind', {}, bookkeeping),
  periodsOfRun: () => statement('ledger/periods_of_run', {}, bookkeeping),
  historiesCreate: () => statement('ledger/histories_create', {}, bookkeeping),
  historiesRead: () => statement('ledger/histories_read', {}, bookkeeping),
  historiesRecord: () => statement('ledger/histories_record', {}, bookkeeping),
  historiesForget: () => statement('ledger/histories_forget', {}, bookkeeping),
  historyFingerprint: (spec: HistorySpec) => statement('ledger/history_fingerprint', {}, spec.fragments),
};
