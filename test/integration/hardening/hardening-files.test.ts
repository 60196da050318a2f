import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST } from '../../../src/history/export-manifest.js';
import { ExitCode, generateWorkforce, runScd } from '../../../src/index.js';
import { cli, historyFingerprint, query, withTempDir } from '../../support/helpers.js';

/** Files and paths the engine writes, deletes or leaves behind (issue 23), each reproduced here first. */

const all = { kind: 'all' } as const;

/** A database holding a generated snapshot and its history through 2026 (of 2025-2027). */
async function withHistory<T>(fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    const table = 'fct_workforce_snapshot';
    await generateWorkforce({ db, table, employees: 300, startYear: 2025, years: 3, seed: 7 });
    await runScd({ db, selection: { kind: 'range', from: 2025, to: 2026, exact: false } });
    return fn(db, dir);
  });
}

interface Spawned {
  child: ChildProcess;
  ended: Promise<Ended>;
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a child process. The engine's defects here include a synchronous spin that no test
 * timeout can stop in-process, so a child that hangs is killed (a guard, not a timed assertion).
 */
function spawnCli(args: readonly string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, ['bin/scd-parallel.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const ended = new Promise<Ended>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, ended };
}

const runChild = (...args: string[]) => spawnCli(args).ended;

/** Runs the CLI paused at a fault point (`pause:<point>:<period>`), sends `signal`, then lets it go on. */
async function signalledAt(dir: string, pause: string, signal: NodeJS.Signals, args: readonly string[]) {
  const resume = join(dir, 'resume');
  for (const file of [resume, `${resume}.paused`]) rmSync(file, { force: true });
  const { child, ended } = spawnCli(args, { SCD_PARALLEL_FAULT: pause, SCD_PARALLEL_RESUME: resume });
  let exited = false;
  void ended.then(() => (exited = true));
  while (!exited && !existsSync(`${resume}.paused`)) await new Promise((r) => setTimeout(r, 20));
  if (!exited) {
    child.kill(signal);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(resume, '');
  }
  return ended;
}

/** A directory's entries, sorted, without signalledAt's files. */
const listing = (dir: string) =>
  readdirSync(dir)
    .filter((e) => e !== 'resume' && e !== 'resume.paused')
    .sort();
const tables = async (db: string) =>
  (await query<{ t: string }>(db, 'SELECT table_name AS t FROM duckdb_tables() ORDER BY 1')).map((r) => r.t);
const refusedBy = (stderr: string) => failed(ExitCode.badInput, stderr);
const failed = (code: number, stderr: string) => ({ code, stdout: '', stderr: `scd-parallel: ${stderr}\n` });

describe('1: generate --parquet never overwrites what it must not', () => {
  it('1: an existing file is refused without --replace; a database or a directory even with it', async () => {
    await withHistory(async (db, dir) => {
      const before = await historyFingerprint(db);
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, 'keep me');
      const copy = join(dir, 'copy.parquet');
      copyFileSync(db, copy);
      const folder = join(dir, 'folder');
      mkdirSync(folder);
      const generate = (...args: string[]) => cli('generate', '--employees', '50', '--years', '2', ...args);
      expect(await generate('--parquet', notes)).toEqual(
        refusedBy(`--parquet ${notes} exists; it is left untouched (use --replace, or name another file)`),
      );
      for (const flags of [[], ['--replace']]) {
        for (const file of [db, copy]) {
          expect(await generate('--parquet', file, ...flags)).toEqual(
            refusedBy(`--parquet ${file} is a DuckDB database; it is never overwritten (name another file)`),
          );
        }
        expect(await generate('--parquet', folder, ...flags)).toEqual(
          failed(ExitCode.badInput, `--parquet ${folder} is a directory; it is left untouched (name a file)`),
        );
      }
      // --db onto a file that is no database is refused too, the file untouched.
      expect(await generate('--db', notes)).toEqual(failed(ExitCode.badInput, `${notes} is not a DuckDB database`));
      const fingerprints = [await historyFingerprint(db), await historyFingerprint(copy)];
      expect([readFileSync(notes, 'utf8'), readdirSync(folder)]).toEqual(['keep me', []]);
      expect(fingerprints).toEqual([before, before]);
      // With --replace, a file of the user's that is neither is replaced, through a partial file beside it.
      expect((await generate('--parquet', notes, '--replace')).code).toBe(0);
      const years = `SELECT count(DISTINCT simulation_year) AS years FROM read_parquet('${notes}')`;
      expect(await query(db, years)).toEqual([{ years: '2' }]);
      expect(listing(dir)).toEqual(['copy.parquet', 'folder', 'notes.txt', 'sim.duckdb']);
    });
  });

  it('1: report --html and as-of --out never overwrite a DuckDB database or a directory either', async () => {
    await withHistory(async (db, dir) => {
      const before = await historyFingerprint(db);
      const copy = join(dir, 'copy.csv');
      copyFileSync(db, copy);
      const folder = join(dir, 'folder.csv');
      mkdirSync(folder);
      expect(await cli('report', '--db', db, '--html', db)).toEqual(
        failed(ExitCode.badInput, `--html ${db} is a DuckDB database; it is never overwritten (name another file)`),
      );
      expect(await cli('as-of', '--db', db, '--year', '2025', '--out', copy)).toEqual(
        failed(ExitCode.badInput, `--out ${copy} is a DuckDB database; it is never overwritten (name another file)`),
      );
      expect(await cli('as-of', '--db', db, '--year', '2025', '--out', folder)).toEqual(
        failed(ExitCode.badInput, `--out ${folder} is a directory; it is left untouched (name a file)`),
      );
      const fingerprints = [await historyFingerprint(db), await historyFingerprint(copy)];
      expect([fingerprints, readdirSync(folder)]).toEqual([[before, before], []]);
      expect(listing(dir)).toEqual(['copy.csv', 'folder.csv', 'sim.duckdb']);
    });
  });

  it('1: a partial file a killed write left beside its output is removed by the next write to it', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'w.parquet');
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(`${file}.scd-partial-${dead}`, 'half');
      writeFileSync(join(dir, 'w.parquet.scd-partial-mine'), 'not a partial of ours');
      expect((await cli('generate', '--parquet', file, '--employees', '50', '--years', '2')).code).toBe(0);
      expect(listing(dir)).toEqual(['w.parquet', 'w.parquet.scd-partial-mine']);
    });
  });
});

const THREE_YEARS = [MANIFEST, 'simulation_year=2025', 'simulation_year=2026', 'simulation_year=2027'];
const holds = (out: string, entry: string) =>
  `--out ${out} holds ${entry}, which no export wrote; it is left untouched (move it away, or name another directory)`;

describe('3 and 7: export deletes only what an export wrote, and never nests', () => {
  it('3: a directory holding anything no export wrote is refused, naming it, and nothing is deleted', async () => {
    await withHistory(async (db, dir) => {
      const out = join(dir, 'export');
      expect((await cli('export', '--db', db, '--out', out)).code).toBe(0);
      const written = readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
      // A directory no export wrote is named as a whole.
      const extras = [
        ['notes.txt', 'notes.txt'],
        [join('simulation_year=2025', 'mine.parquet'), join('simulation_year=2025', 'mine.parquet')],
        [join('simulation_year=2099', 'data_0.parquet'), 'simulation_year=2099'],
      ];
      for (const [extra, named] of extras as Array<[string, string]>) {
        mkdirSync(join(out, extra, '..'), { recursive: true });
        writeFileSync(join(out, extra), 'keep me');
        expect(await cli('export', '--db', db, '--out', out)).toEqual(refusedBy(holds(out, named)));
        expect(readFileSync(join(out, extra), 'utf8')).toBe('keep me');
        renameSync(join(out, extra), join(dir, 'moved'));
        if (extra.includes('2099')) renameSync(join(out, 'simulation_year=2099'), join(dir, 'moved-dir'));
      }
      expect(readdirSync(out, { recursive: true, encoding: 'utf8' }).sort()).toEqual(written);
      // An export written before manifests listed their files: its partitions are known by their layout.
      const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
      expect(manifest.files).toEqual(written.filter((f) => f.endsWith('.parquet')));
      delete manifest.files;
      writeFileSync(join(out, MANIFEST), JSON.stringify(manifest));
      writeFileSync(join(out, 'simulation_year=2025', 'notes.txt'), 'keep me');
      expect((await cli('export', '--db', db, '--out', out)).stderr).toBe(
        `scd-parallel: ${holds(out, join('simulation_year=2025', 'notes.txt'))}\n`,
      );
      renameSync(join(out, 'simulation_year=2025', 'notes.txt'), join(dir, 'moved'));
      await runScd({ db, selection: all });
      expect((await cli('export', '--db', db, '--out', out)).code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(THREE_YEARS);
      expect(listing(dir)).toEqual(['export', 'moved', 'moved-dir', 'sim.duckdb']);
    });
  });

  it('3: a symlink --out is written through and stays a link; a dangling one is refused', async () => {
    await withHistory(async (db, dir) => {
      const real = join(dir, 'real');
      expect((await cli('export', '--db', db, '--out', real)).code).toBe(0);
      const link = join(dir, 'latest');
      symlinkSync(real, link);
      await runScd({ db, selection: all });
      const exported = await cli('export', '--db', db, '--out', link, '--json');
      expect([exported.code, JSON.parse(exported.stdout).dir]).toEqual([0, real]);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readdirSync(link).sort()).toEqual(THREE_YEARS);
      const dangling = join(dir, 'dangling');
      const gone = join(dir, 'gone');
      symlinkSync(gone, dangling);
      const dangles = `--out ${dangling} is a symbolic link to ${gone}, which does not exist`;
      const refused = await cli('export', '--db', db, '--out', dangling);
      expect(refused).toEqual(refusedBy(`${dangles} (create it, or name another directory)`));
      expect(listing(dir)).toEqual(['dangling', 'latest', 'real', 'sim.duckdb']);
    });
  });

  it('7: an --out inside another export, or containing one, is refused', async () => {
    await withHistory(async (db, dir) => {
      const ex1 = join(dir, 'ex1');
      expect((await cli('export', '--db', db, '--out', ex1)).code).toBe(0);
      const written = readdirSync(ex1, { recursive: true, encoding: 'utf8' }).sort();
      symlinkSync(ex1, join(dir, 'link'));
      for (const [out, outer] of [
        [join(ex1, 'sub'), ex1],
        [join(ex1, 'simulation_year=2025', 'deeper', 'still'), ex1],
        [join(dir, 'link', 'sub'), ex1],
      ] as const) {
        const refusal = `--out ${out} is inside the export ${outer} (name a directory outside it)`;
        expect(await cli('export', '--db', db, '--out', out)).toEqual(refusedBy(refusal));
      }
      expect(readdirSync(ex1, { recursive: true, encoding: 'utf8' }).sort()).toEqual(written);
      // An export moved into another: the outer one is refused, naming the inner.
      const ex2 = join(dir, 'ex2');
      expect((await cli('export', '--db', db, '--out', ex2)).code).toBe(0);
      const nested = join(ex1, 'simulation_year=2025', 'nested');
      renameSync(ex2, nested);
      expect(await cli('export', '--db', db, '--out', ex1)).toEqual(
        refusedBy(`--out ${ex1} contains the export ${nested} (name a directory that holds no export)`),
      );
      expect(listing(dir)).toEqual(['ex1', 'link', 'sim.duckdb']);
    });
  });
});

describe('11, 19, 20: temporary directories', () => {
  it('11: an unusable --temp-dir is refused at once, exit 2 naming it, for run, rewind and adopt', async () => {
    await withHistory(async (db, dir) => {
      const before = await historyFingerprint(db);
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      const commands = [
        ['run', '--all'],
        ['rewind', '--to', '2025'],
        ['adopt', '--target', 'fct_workforce_snapshot'],
      ];
      for (const command of commands) {
        for (const [tempDir, unusable, code] of [
          ['/proc/nonexistent', '/proc/nonexistent', 'ENOENT'],
          [join(file, 'a', 'b'), join(file, 'a'), 'ENOTDIR'],
        ] as const) {
          const ended = await runChild(...command, '--db', db, '--temp-dir', tempDir, '--log-level', 'silent');
          expect(ended, command[0]).toEqual({
            code: ExitCode.badInput,
            signal: null,
            stdout: '',
            stderr: `scd-parallel: temp directory ${unusable} is not usable: ${code}; name another with --temp-dir\n`,
          });
        }
      }
      expect([await historyFingerprint(db), listing(dir)]).toEqual([before, ['a-file', 'sim.duckdb']]);
    });
  });

  it('19: a run refused for its temp dir leaves no lease beside the database', async () => {
    await withHistory(async (db, dir) => {
      writeFileSync(join(dir, 'a-file'), '');
      for (const command of [
        ['run', '--all'],
        ['rewind', '--to', '2025'],
      ]) {
        const result = await cli(...command, '--db', db, '--temp-dir', join(dir, 'a-file', 'tmp'));
        expect(result.code, command[0]).toBe(ExitCode.badInput);
        expect(listing(dir), command[0]).toEqual(['a-file', 'sim.duckdb']);
      }
    });
  });

  it('20: the directories a --temp-dir needed are removed when the run ends, and only those', async () => {
    await withHistory(async (db, dir) => {
      const kept = join(dir, 'kept');
      mkdirSync(kept);
      const runs: Array<[number, string[]]> = [
        [0, ['run', '--year', '2027', '--temp-dir', join(dir, 'newtmp', 'a', 'b')]],
        [ExitCode.badInput, ['run', '--year', '1999', '--temp-dir', join(kept, 'a', 'b')]],
        [0, ['rewind', '--to', '2025', '--temp-dir', join(kept, 'c')]],
      ];
      for (const [code, args] of runs) {
        expect((await cli(...args, '--db', db)).code, args.join(' ')).toBe(code);
        expect([listing(dir), readdirSync(kept)], args.join(' ')).toEqual([['kept', 'sim.duckdb'], []]);
      }
    });
  });
});

/** The error code writing `path` meets here (it depends on the user and the mounts: EACCES, EPERM, EROFS). */
function writeCode(path: string, write: (path: string) => unknown = (p) => writeFileSync(p, '')): string | undefined {
  try {
    write(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
  throw new Error(`${path} could be written`);
}

describe('12: output paths the engine cannot write are bad input, with nothing created', () => {
  it('12: as-of --out into a missing or unwritable directory, or onto a directory, is exit 2', async () => {
    await withHistory(async (db, dir) => {
      const missing = join(dir, 'nodir', 'x.csv');
      expect(await cli('as-of', '--db', db, '--year', '2025', '--out', missing)).toEqual(
        refusedBy(`--out ${missing}: directory ${join(dir, 'nodir')} does not exist (create it, or name another file)`),
      );
      const folder = join(dir, 'x.parquet');
      mkdirSync(folder);
      writeFileSync(join(folder, 'keep'), 'keep me');
      expect(await cli('as-of', '--db', db, '--year', '2025', '--out', folder)).toEqual(
        failed(ExitCode.badInput, `--out ${folder} is a directory; it is left untouched (name a file)`),
      );
      // Directories that take no new file, whoever the user: sysfs refuses it, procfs has no such entry.
      for (const file of ['/sys/as-of.csv', '/proc/as-of.csv']) {
        const code = writeCode(file);
        expect(await cli('as-of', '--db', db, '--year', '2025', '--out', file), file).toEqual(
          refusedBy(`--out ${file} cannot be written: ${code} (name another file)`),
        );
      }
      expect([listing(dir), readdirSync(folder)]).toEqual([['sim.duckdb', 'x.parquet'], ['keep']]);
    });
  });

  it('12: export --out where it cannot write (ENOENT, EPERM) is exit 2 naming it', async () => {
    await withHistory(async (db, dir) => {
      for (const [out, code] of [
        ['/proc/nonexistent/export', 'ENOENT'],
        ['/sys/export', writeCode('/sys/.export.probe', mkdirSync)],
        [join(dir, 'sim.duckdb', 'export'), 'ENOTDIR'],
      ] as const) {
        expect(await runChild('export', '--db', db, '--out', out), out).toEqual({
          code: ExitCode.badInput,
          signal: null,
          stdout: '',
          stderr: `scd-parallel: --out ${out} cannot be written: ${code} (name another directory)\n`,
        });
      }
      expect(listing(dir)).toEqual(['sim.duckdb']);
    });
  });
});

describe('22: nothing left behind by a stopped generate or a killed demo', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('22: %s during generate removes the database it created, exit %i', async (signal, code) => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'new.duckdb');
      const args = ['generate', '--db', db, '--employees', '300', '--years', '3'];
      const ended = await signalledAt(dir, 'pause:generate:2026', signal, args);
      expect(ended).toEqual({
        code,
        signal: null,
        stdout: '',
        stderr:
          `scd-parallel: ${signal} received, stopping after the statement in progress\n` +
          `scd-parallel: interrupted by ${signal}: the generate was rolled back, nothing was written\n`,
      });
      expect(listing(dir)).toEqual([]);
    });
  });

  it('22: SIGINT during generate into an existing database or a Parquet file leaves both as they were', async () => {
    await withHistory(async (db, dir) => {
      const before = [await historyFingerprint(db), await tables(db)];
      const args = ['generate', '--employees', '300', '--years', '3'];
      const targets = [
        ['--db', db, '--table', 'other'],
        ['--db', db, '--replace'],
        ['--parquet', join(dir, 'w.pq')],
      ];
      for (const target of targets) {
        const ended = await signalledAt(dir, 'pause:generate:2026', 'SIGINT', [...args, ...target]);
        const after = [await historyFingerprint(db), await tables(db)];
        expect([ended.code, after, listing(dir)], target.join(' ')).toEqual([130, before, ['sim.duckdb']]);
      }
    });
  });

  it('22: a demo killed by SIGKILL leaves its directory, which the next demo removes, and nothing else', async () => {
    await withTempDir(async (dir) => {
      const env = { TMPDIR: dir };
      const demo = ['demo', '--employees', '50', '--years', '3', '--log-level', 'silent'];
      const killed = await spawnCli(demo, { ...env, SCD_PARALLEL_FAULT: 'kill:commit:2026' }).ended;
      expect(killed.signal).toBe('SIGKILL');
      const [left] = listing(dir);
      expect(readdirSync(join(dir, left as string))).toContain('sim.duckdb');
      // Look-alikes of the user's: no owner file, an owner still alive, a file, and a link.
      const decoys = ['scd-demo-mine', 'scd-demo-alive', 'scd-demo-file', 'scd-demo-link'];
      mkdirSync(join(dir, 'scd-demo-mine'));
      writeFileSync(join(dir, 'scd-demo-mine', 'sim.duckdb'), 'mine');
      mkdirSync(join(dir, 'scd-demo-alive'));
      for (const owner of readdirSync(join(dir, left as string)).filter((e) => !e.startsWith('sim.duckdb'))) {
        const text = readFileSync(join(dir, left as string, owner), 'utf8');
        writeFileSync(join(dir, 'scd-demo-alive', owner), text.replace(/\d+/, String(process.pid)));
      }
      writeFileSync(join(dir, 'scd-demo-file'), 'mine');
      symlinkSync(join(dir, left as string), join(dir, 'scd-demo-link'));
      const next = await spawnCli(demo, env).ended;
      expect(next.code).toBe(0);
      expect(listing(dir)).toEqual(decoys.sort());
      const mine = readFileSync(join(dir, 'scd-demo-mine', 'sim.duckdb'), 'utf8');
      expect([readdirSync(join(dir, 'scd-demo-alive')).length, mine]).toEqual([1, 'mine']);
    });
  });
});
