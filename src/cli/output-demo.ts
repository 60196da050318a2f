import type { DemoReport, DemoStep } from '../api/demo.js';
import { formatCheckReport, formatGenerateSummary, formatRunReport } from './output.js';

/**
 * What a newcomer compares between the two tables, printed after the run's: the counts differ by
 * design, and 100,000 changed of 100,000 looks like a bug until the COLA is known.
 */
export const COUNTS_EXPLAINED =
  'generate counts events, run counts keys: a key is changed when a tracked value differs from its current\n' +
  "version, and each year's cost-of-living raise moves every salary, so changed is every employee active the\n" +
  "year before (this year's leavers too: they stay one year, as terminated), new is the hires and rehires,\n" +
  "removed the year before's leavers\n";

/** Each step of the demo as it comes. */
export function formatDemoStep(step: DemoStep): string {
  switch (step.kind) {
    case 'generating':
      return `generating ${step.employees} employees x ${step.years} years into ${step.db}\n`;
    case 'generated':
      return formatGenerateSummary(step.summary);
    case 'ran':
      return formatRunReport(step.report) + COUNTS_EXPLAINED;
    case 'checked':
      return formatCheckReport(step.report);
  }
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The key as show's --key takes it: a one-column key's value, or column=value pairs. */
function keyFlag(key: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(key);
  return pairs.length === 1 ? (pairs[0]?.[1] ?? '') : pairs.map(([c, v]) => `${c}=${v}`).join(',');
}

/**
 * The demo's last words: where its history is, and commands to look at it with. A temporary
 * database is gone by then, so the commands name the file a demo with `--db` keeps; the same
 * employees, years and seed give the same history, so the key is one that file will hold.
 */
export function formatDemoNext(demo: DemoReport, sizes: { employees: number; years: number }): string {
  const db = demo.kept ? demo.db : 'demo.duckdb';
  const periods = demo.run.periods.map((p) => p.period);
  const [first, last] = [periods[0], periods.at(-1)];
  const commands = [
    `show --db ${shellWord(db)} --key ${shellWord(keyFlag(demo.exampleKey))}`,
    ...(first !== undefined && last !== undefined && first !== last
      ? [`diff --db ${shellWord(db)} --from ${first} --to ${last}`]
      : []),
    `report --db ${shellWord(db)} --html report.html`,
    `check --db ${shellWord(db)}`,
  ].map((c) => `  scd-parallel ${c}\n`);
  const where = demo.kept
    ? `the history is kept in ${demo.db}; try next:\n`
    : 'the database was temporary and is removed now; to keep one, run\n' +
      `  scd-parallel demo --employees ${sizes.employees} --years ${sizes.years} --db demo.duckdb\n` +
      'then try:\n';
  return `\n${where}${commands.join('')}`;
}
