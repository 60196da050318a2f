import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface YearCommand {
  readonly command: readonly string[];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

export interface YearlyTimes {
  readonly yearSeconds: Record<string, number>;
  readonly totalSeconds: number;
  readonly maxRssKb: number;
}

const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * One process per year, each timed from outside with its start-up included (that is what a user
 * of the tool waits for); peak RSS from /usr/bin/time where the machine has it, 0 otherwise.
 */
export function timedYears(
  name: string,
  years: readonly number[],
  commandFor: (year: number, index: number) => YearCommand,
): YearlyTimes {
  const yearSeconds: Record<string, number> = {};
  let maxRssKb = 0;
  years.forEach((year, index) => {
    const { command, env, cwd } = commandFor(year, index);
    const [file, ...rest] = TIME_BIN ? [TIME_BIN, '-f', 'maxrss_kb=%M', ...command] : command;
    const startedAt = performance.now();
    const child = spawnSync(file as string, rest, { env: { ...process.env, ...env }, cwd, maxBuffer: 1 << 26 });
    yearSeconds[year] = (performance.now() - startedAt) / 1000;
    if (child.status !== 0)
      throw new Error(`${name} failed for ${year}: ${child.stdout?.toString()} ${child.stderr?.toString()}`);
    const rss = /maxrss_kb=(\d+)/.exec(child.stderr.toString());
    if (rss) maxRssKb = Math.max(maxRssKb, Number(rss[1]));
  });
  const totalSeconds = Object.values(yearSeconds).reduce((a, b) => a + b, 0);
  return { yearSeconds, totalSeconds, maxRssKb };
}
