import { rmSync } from 'node:fs';
import type { BenchResult } from '../spec.js';
import { compareWithOurs, type PeerHistory } from './compare.js';
import { ensureVenv } from './venv.js';
import { timedYears, type YearCommand } from './yearly.js';

/** A peer tool run from its own venv, one process per year. */
export interface Peer {
  readonly name: string;
  /** Its venv under bench/, the pinned packages, and a file of bin/ that shows they are installed. */
  readonly venv: { readonly dir: string; readonly packages: readonly string[]; readonly probe: string };
  /** The year's command; `bin` is the venv's bin/, `index` the year's place in the run. */
  command(bin: string, db: string, year: number, index: number, years: readonly number[]): YearCommand;
  /** Where it keeps its versions, to compare with ours; none where its validity cannot map to periods (dbt's now()). */
  readonly history?: PeerHistory;
  /** What it leaves on disk, removed before and after each run so that every run starts alike. */
  leftovers(db: string): readonly string[];
}

export async function runPeer(peer: Peer, db: string, years: readonly number[]): Promise<BenchResult> {
  const bin = ensureVenv(peer.venv.dir, peer.venv.packages, peer.venv.probe);
  const clean = () => {
    for (const path of peer.leftovers(db)) rmSync(path, { recursive: true, force: true });
  };
  clean();
  try {
    const times = timedYears(peer.name, years, (year, index) => peer.command(bin, db, year, index, years));
    const compared = peer.history === undefined ? {} : await compareWithOurs(db, years, peer.history);
    return { ...times, ...compared, yearRows: {}, rowsRead: 0, chunkP99Micros: null, fingerprint: null };
  } finally {
    clean();
  }
}
