import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create('/work/main/ck.tmp.duckdb', { threads: '2', checkpoint_threshold: process.env.CPT ?? '16MB' });
const c = await inst.connect();
const t = async (label, q) => { const s = performance.now(); const r = await c.runAndReadAll(q); const sec = (performance.now() - s) / 1000; if (label) console.log(label, sec.toFixed(3), JSON.stringify(r.getRowObjectsJson()[0] ?? {}).slice(0, 120)); return sec; };
const cols = `annual_salary, job_level, department, employee_status, hire_date`;
await t('', `CREATE TABLE h AS SELECT *, DATE '2025-12-31' AS valid_from, DATE '9999-12-31' AS valid_to, true AS is_current FROM fct_workforce_snapshot WHERE false`);
let total = 0; const s0 = performance.now();
for (let y = 2025; y < 2035; y++) {
  const d = `DATE '${y}-12-31'`;
  await t('', 'BEGIN');
  await t('', `CREATE OR REPLACE TEMP TABLE cs AS SELECT coalesce(s.employee_id, c.employee_id) AS k, CASE WHEN c.h IS NULL THEN 'N' WHEN s.h IS NULL THEN 'R' WHEN s.h <> c.h THEN 'C' ELSE 'U' END AS action FROM (SELECT employee_id, hash(${cols}) h FROM fct_workforce_snapshot WHERE simulation_year = ${y}) s FULL OUTER JOIN (SELECT employee_id, hash(${cols}) h FROM h WHERE is_current = true) c ON s.employee_id = c.employee_id`);
  const up = process.env.NOUP ? 0 : await t('', `UPDATE h SET valid_to = ${d}, is_current = false WHERE is_current = true AND employee_id NOT IN (SELECT k FROM cs WHERE action = 'U')`);
  const ins = await t('', `INSERT INTO h SELECT *, ${d}, DATE '9999-12-31', true FROM fct_workforce_snapshot WHERE simulation_year = ${y} AND employee_id NOT IN (SELECT k FROM cs WHERE action = 'U')`);
  const cm = await t('', 'COMMIT');
  console.log(y, 'update', up.toFixed(3), 'insert', ins.toFixed(3), 'commit', cm.toFixed(3));
}
const ck = await t('checkpoint', 'CHECKPOINT');
console.log('total', ((performance.now() - s0) / 1000).toFixed(3));
