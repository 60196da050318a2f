import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../src/defaults.js';
import { verifyMode } from '../src/engine/1-plan/verify-history.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type DepthRun, depthMarkdown, depthSvg } from './depth-report.js';
import type { BenchResult } from './spec.js';
import {
  cachedWorkforce,
  keepScratch,
  removeKept,
  removeScratch,
  restoreScratch,
  runChild,
  START_YEAR,
  scratchCopy,
} from './workforce.js';

/**
 * npm run bench:depth: the cost of a period as the history deepens. One engine run per size over a
 * long generated workforce but its last period, with the engine's defaults (chunks 'auto' is one
 * chunk at these sizes, one worker per core), each in its own process; per period its rows,
 * seconds, rows/s and phases. Then the last period alone, with each verification.
 * Writes bench/results/<date>-depth-<cores>core-<GiB>gb.{json,md,svg}.
 */
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000x30,100000x50' },
    out: { type: 'string', default: join(PACKAGE_ROOT, 'bench', 'results') },
  },
});

/**
 * The last period is applied on its own, as a yearly run applies it, once with each --verify on a
 * copy of the history before it: what each verification of the history found costs beside the
 * year step. The periods table shows the one the default verification chose.
 */
const runs: DepthRun[] = [];
for (const size of args.sizes.split(',')) {
  const [employees, years] = size.split('x').map(Number) as [number, number];
  const db = scratchCopy(await cachedWorkforce(employees, years));
  process.stderr.write(`[depth] ${employees} employees x ${years} years\n`);
  const periods = Array.from({ length: years }, (_, i) => START_YEAR + i);
  const engine = { kind: 'engine', db, chunks: 1, workers: DEFAULTS.workers } as const;
  const history = runChild({ ...engine, years: periods.slice(0, -1) });
  keepScratch();
  const last = periods.slice(-1);
  const touched = runChild({ ...engine, years: last, verify: 'touched' });
  const full = runChild({ ...engine, db: restoreScratch(), years: last, verify: 'full' });
  const lastPeriod = { touched, full };
  const chosen = lastPeriod[defaultVerify(full)];
  const result: BenchResult = {
    ...history,
    yearSeconds: { ...history.yearSeconds, ...chosen.yearSeconds },
    yearRows: { ...history.yearRows, ...chosen.yearRows },
    yearPhases: { ...history.yearPhases, ...chosen.yearPhases },
    totalSeconds: history.totalSeconds + chosen.totalSeconds,
    maxRssKb: Math.max(history.maxRssKb, chosen.maxRssKb),
  };
  runs.push({ employees, years, result, lastPeriod });
}
removeScratch();
removeKept();

/** What the engine's default verification is for the last period: as verifyMode chooses it. */
function defaultVerify(full: BenchResult): 'full' | 'touched' {
  const versions = full.verification?.versions ?? 0;
  return verifyMode(undefined, versions, Object.values(full.yearRows)[0] ?? 0);
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const date = new Date().toISOString().slice(0, 10);
const name = `${date}-depth-${machine.cores}core-${machine.memoryGiB}gb`;
const markdown = depthMarkdown(runs, machine);
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, `${name}.json`), `${JSON.stringify({ date, machine, runs }, null, 2)}\n`);
writeFileSync(join(args.out, `${name}.md`), markdown);
writeFileSync(join(args.out, `${name}.svg`), depthSvg(runs));
process.stdout.write(markdown);
