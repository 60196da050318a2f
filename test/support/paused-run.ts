import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './paths.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the child reached a pause rule (then `atPause` ran before it resumed). */
  readonly paused: boolean;
}

export interface Paused {
  readonly child: ChildProcess;
  /** Resolves once the child's stderr holds `text` (a signal's notice: the signal was handled). */
  stderrHas(text: string): Promise<void>;
}

/**
 * The CLI in a child process under the fault rules `faults` (SCD_PARALLEL_FAULT, src/faults.ts),
 * its resume file in `dir`. At its first pause, `atPause` runs (send a signal, fill a disk), then
 * the child resumes. A child that ends without pausing (a `kill:` rule, or a point it never reaches)
 * is returned as it ended.
 */
export async function pausedRun(
  dir: string,
  args: readonly string[],
  faults: string,
  atPause: (paused: Paused) => Promise<void> | void,
  env: Record<string, string> = {},
): Promise<ChildRun> {
  const resume = join(dir, 'resume');
  // An earlier child's files would resume this one at once.
  for (const file of [resume, `${resume}.paused`]) rmSync(file, { force: true });
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env, SCD_PARALLEL_FAULT: faults, SCD_PARALLEL_RESUME: resume },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // 'close', not 'exit': once its output is read to the end.
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void closed.then(() => (ended = true));
  while (!ended && !existsSync(`${resume}.paused`)) await tick();
  const paused = existsSync(`${resume}.paused`);
  if (paused) {
    const stderrHas = async (text: string) => {
      while (!stderr.includes(text)) {
        if (ended) throw new Error(`the child ended without writing ${text}: ${stderr}`);
        await tick();
      }
    };
    await atPause({ child, stderrHas });
    writeFileSync(resume, '');
  }
  return { code: await closed, stdout, stderr, paused };
}

/** A small tmpfs for disk-full cases; mounting needs root, which this project's machines and CI run as. */
export async function withTmpfs<T>(dir: string, size: string, fn: (mount: string) => Promise<T>): Promise<T> {
  const mount = join(dir, 'tmpfs');
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  try {
    return await fn(mount);
  } finally {
    execFileSync('umount', [mount]);
    rmdirSync(mount);
  }
}

/** Fills the file system `mount` is on to the last byte; returns the filler file, to remove. */
export function fillDisk(mount: string): string {
  const { bavail, bsize } = statfsSync(mount);
  const filler = join(mount, 'filler');
  writeFileSync(filler, Buffer.alloc(bavail * bsize));
  return filler;
}

/** `args` in a child paused at `faults`, sent `signal` there, and resumed once it handled it. */
export function signalled(dir: string, args: readonly string[], faults: string, signal: NodeJS.Signals) {
  return pausedRun(dir, [...args, '--log-level', 'silent'], faults, async ({ child, stderrHas }) => {
    child.kill(signal);
    await stderrHas(`${signal} received`);
  });
}
