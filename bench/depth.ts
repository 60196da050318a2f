import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../src/defaults.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type DepthRun, depthMarkdown, depthSvg } from './depth-report.js';
import { cachedWorkforce, removeScratch, runChild, scratchCopy } from './workforce.js';

/**
 * npm run bench:depth: the cost of a period as the history deepens. One engine run per size over a
 * long generated workforce, with the engine's defaults (chunks 'auto' is one chunk at these sizes,
 * one worker per core), each in its own process; per period its rows, seconds, rows/s and phases.
 * Writes bench/results/<date>-depth-<cores>core-<GiB>gb.{json,md,svg}.
 */
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000x30,100000x50' },
    out: { type: 'string', default: join(PACKAGE_ROOT, 'bench', 'results') },
  },
});

const runs: DepthRun[] = [];
for (const size of args.sizes.split(',')) {
  const [employees, years] = size.split('x').map(Number) as [number, number];
  const db = scratchCopy(await cachedWorkforce(employees, years));
  process.stderr.write(`[depth] ${employees} employees x ${years} years\n`);
  const result = runChild({ kind: 'engine', db, chunks: 1, workers: DEFAULTS.workers });
  runs.push({ employees, years, result });
}
removeScratch();

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const date = new Date().toISOString().slice(0, 10);
const name = `${date}-depth-${machine.cores}core-${machine.memoryGiB}gb`;
const markdown = depthMarkdown(runs, machine);
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, `${name}.json`), `${JSON.stringify({ date, machine, runs }, null, 2)}\n`);
writeFileSync(join(args.out, `${name}.md`), markdown);
writeFileSync(join(args.out, `${name}.svg`), depthSvg(runs));
process.stdout.write(markdown);
