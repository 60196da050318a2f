import { relationKind } from '../db/catalog.js';
import { one, withDatabase } from '../db/database.js';
import { demoSourceRead, demoTargetTaken } from '../errors/index.js';
import { asOfMacroInstalled } from '../history/as-of-macro.js';
import { ledgerExists } from '../history/ledger.js';
import { readSettings } from '../history/settings.js';
import { checkMonitoringTables } from '../monitoring/record.js';
import { type TableLayer, layerTableConfig } from '../options/table-config.js';
import { HistorySpec, parseSource, sql } from '../sql/index.js';

/** The demo's own snapshot table and history. */
export type DemoTable = TableLayer & { readonly sourceTable: string; readonly targetTable: string };

/**
 * Everything `demo --db FILE` would be refused for in an existing file, decided before it writes:
 * its snapshot table is replaced only when no recorded history reads it (those histories would no
 * longer match their source), its history is one of its own (no table, view or recorded history
 * of that name), and nothing its run checks before writing is in the way (a user's as-of macro or
 * monitoring table of the engine's names, a ledger of an earlier version). Read-only.
 */
export async function checkDemoFile(db: string, table: DemoTable): Promise<void> {
  await withDatabase(db, { readOnly: true }, async (connection) => {
    const { catalog } = await one<{ catalog: string }>(connection, sql.currentCatalog());
    const spec = new HistorySpec(layerTableConfig(table), catalog);
    const histories = await readSettings(connection);
    const readers = histories.filter((h) => parseSource(h.config.sourceTable, catalog).sameAs(spec.source));
    if (readers.length > 0) throw demoSourceRead(spec.source.text, readers.map((h) => h.config.targetTable));
    const recorded = histories.some((h) => h.target === spec.target.canonical);
    const kind = (await relationKind(connection, spec.target)) ?? (recorded ? 'recorded history' : undefined);
    if (kind !== undefined) throw demoTargetTaken(spec.target.text, kind);
    await checkMonitoringTables(connection, spec);
    await asOfMacroInstalled(connection, spec);
    await ledgerExists(connection);
  });
}
