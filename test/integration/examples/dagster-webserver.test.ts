import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths.js';

const EXAMPLE = join(ROOT, 'examples', 'dagster');

/** Bounds, so that a hung pip, server or shutdown fails the test instead of CI's whole run. */
const SETUP_MS = 300_000; // a clean venv and the pinned wheels: about 50 s here
const READY_MS = 120_000; // dagster dev to a loaded code location: 6-25 s here
const STOP_MS = 90_000; // dagster dev gives each child 60 s to stop before it kills them
const KILL_MS = 10_000;

/**
 * The README's shell blocks marked with a line `<!-- runnable: NAME -->` just above their fence, by
 * NAME. A marker whose fence does not follow is an error, so a broken block is never silently left out.
 */
function runnableBlocks(markdown: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  const marked = /^<!-- runnable: ([\w-]+) -->\n```(?:sh|bash)\n([\s\S]*?)\n```/gm;
  let found = 0;
  for (const [, name, body] of markdown.matchAll(marked)) {
    blocks.set(name!, [...(blocks.get(name!) ?? []), body!]);
    found += 1;
  }
  // A marker is a comment alone on its line; the README's prose may quote one inside backticks.
  const markers = markdown.match(/^<!-- runnable/gm)?.length ?? 0;
  expect(found, 'every runnable marker is followed by a sh fence').toBe(markers);
  return blocks;
}

/** `name==version` lines of a requirements file. */
function pins(requirements: string): Map<string, string> {
  return new Map([...requirements.matchAll(/^([\w.-]+)==(\S+)/gm)].map(([, name, version]) => [name!, version!]));
}

async function listen(port: number): Promise<ReturnType<typeof createServer> | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = (await listen(0))!;
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function portIsFree(port: number): Promise<boolean> {
  const server = await listen(port);
  if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  return server !== undefined;
}

/** Whether any process is left in the group (signal 0 checks without sending). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

async function groupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

interface Shell {
  readonly pgid: number;
  /** The last 20,000 characters of stdout and stderr, for the failure message. */
  output(): string;
  /** Undefined while it runs; then its exit code, or null when a signal ended it. */
  exitCode(): number | null | undefined;
  readonly exited: Promise<number | null>;
}

/**
 * A README block in bash, in the example's folder, in a process group of its own: `dagster dev` starts a code
 * server, the webserver and the daemon as its children, and only the group reaches all of them.
 */
function shell(script: string, env: NodeJS.ProcessEnv): Shell {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: EXAMPLE,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (c) => {
      code = c;
      resolve(c);
    });
  });
  return { pgid: child.pid!, output: () => output, exitCode: () => code, exited };
}

interface Ended {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a block to its end, within `ms`; past it, kills its group. */
async function runToEnd(script: string, env: NodeJS.ProcessEnv, ms: number): Promise<Ended> {
  const run = shell(script, env);
  const timer = setTimeout(() => groupAlive(run.pgid) && process.kill(-run.pgid, 'SIGKILL'), ms);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, output: run.output() };
}

async function graphql<T>(port: number, query: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

interface Workspace {
  workspaceOrError: {
    __typename: string;
    locationEntries?: {
      name: string;
      loadStatus: string;
      locationOrLoadError: { __typename: string; message?: string } | null;
    }[];
  };
}

const WORKSPACE = `{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }`;

interface AssetNodes {
  assetNodes: {
    assetKey: { path: string[] };
    isPartitioned: boolean;
    jobNames: string[];
    dependencyKeys: { path: string[] }[];
    assetChecksOrError: { __typename: string; checks?: { name: string }[] };
  }[];
}

const ASSET_NODES = `{ assetNodes { assetKey { path } isPartitioned jobNames dependencyKeys { path }
  assetChecksOrError { __typename ... on AssetChecks { checks { name } } } } }`;

interface Queue {
  instance: {
    runQueuingSupported: boolean;
    runQueueConfig: { maxConcurrentRuns: number; tagConcurrencyLimitsYaml: string | null } | null;
  };
}

const QUEUE = '{ instance { runQueuingSupported runQueueConfig { maxConcurrentRuns tagConcurrencyLimitsYaml } } }';

/**
 * Polls until the webserver answers and its one code location has loaded, or the start block exits, or the
 * deadline passes. The webserver answers before the code server has imported the definitions, and an asset
 * graph asked for then is empty.
 */
async function ready(port: number, server: Shell): Promise<Workspace['workspaceOrError']['locationEntries']> {
  const deadline = Date.now() + READY_MS;
  let last: unknown = 'no answer';
  while (Date.now() < deadline && server.exitCode() === undefined) {
    try {
      const { workspaceOrError } = await graphql<Workspace>(port, WORKSPACE);
      const entries = workspaceOrError.locationEntries ?? [];
      last = workspaceOrError;
      if (entries.length > 0 && entries.every((e) => e.loadStatus === 'LOADED')) return entries;
    } catch (error) {
      last = error;
    }
    await sleep(500);
  }
  const why = server.exitCode() === undefined ? `not ready in ${READY_MS / 1000} s` : `exited ${server.exitCode()}`;
  const answer = last instanceof Error ? last.message : JSON.stringify(last);
  throw new Error(`dagster dev ${why}; last answer: ${answer}\n${server.output()}`);
}

// Either venv says this machine runs the Dagster example; CI sets SCD_REQUIRE_DAGSTER, so it fails there
// instead of skipping. The test makes its own venv through the README, as a newcomer would.
const enabled =
  existsSync(join(ROOT, '.venv-dagster', 'bin', 'python')) ||
  existsSync(join(EXAMPLE, '.venv', 'bin', 'python')) ||
  process.env.SCD_REQUIRE_DAGSTER !== undefined;

describe('the Dagster example as its README starts it', () => {
  it.runIf(enabled)(
    "runs the README's set-up, starts dagster dev, lists the assets and checks over GraphQL, and stops",
    async () => {
      const blocks = runnableBlocks(readFileSync(join(EXAMPLE, 'README.md'), 'utf8'));
      expect([...blocks.keys()].sort()).toEqual(['set-up', 'start']);
      expect(blocks.get('start')).toHaveLength(1);
      const scratch = mkdtempSync(join(tmpdir(), 'scd-dagster-web-'));
      // dagster dev's code server socket and workspace file go to TMPDIR, removed with it even after a SIGKILL.
      // Telemetry off whatever dagster.yaml says: the test reaches nothing beyond loopback.
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratch, DAGSTER_DISABLE_TELEMETRY: '1' };
      // The start block's own DAGSTER_HOME is what is tested, not one this shell happens to have; and the file mode
      // the README starts, not a lake mode (SCD_LAKE) this shell happens to be set up for.
      delete env.DAGSTER_HOME;
      delete env.SCD_LAKE;
      let server: Shell | undefined;
      try {
        for (const block of blocks.get('set-up')!) {
          const setup = await runToEnd(block, env, SETUP_MS);
          // pip's or the shell's own message is the useful one when it fails
          expect({ code: setup.code, output: setup.code === 0 ? '' : setup.output }).toEqual({ code: 0, output: '' });
        }

        // The webserver is a child of dagster dev and reads its port and host from these (click's
        // DAGSTER_WEBSERVER_ prefix), so the README's command runs as written, on a port nothing else holds.
        const port = await freePort();
        const started = Date.now();
        const listenOn = { DAGSTER_WEBSERVER_PORT: String(port), DAGSTER_WEBSERVER_HOST: '127.0.0.1' };
        server = shell(blocks.get('start')![0]!, { ...env, ...listenOn });
        const locations = await ready(port, server);
        const readySeconds = (Date.now() - started) / 1000;
        // A location that failed to import the definitions is loaded too, with the Python error as its message.
        const loaded = locations!.map((l) => {
          const error = l.locationOrLoadError;
          return [l.name, error?.__typename, error?.message];
        });
        expect(loaded).toEqual([['scd_dagster', 'RepositoryLocation', undefined]]);

        // The running servers are the versions requirements.txt pins.
        const answer = await fetch(`http://127.0.0.1:${port}/server_info`, { signal: AbortSignal.timeout(30_000) });
        const info = (await answer.json()) as Record<string, string>;
        const pinned = pins(readFileSync(join(EXAMPLE, 'requirements.txt'), 'utf8'));
        expect(info).toMatchObject({
          dagster_version: pinned.get('dagster'),
          dagster_webserver_version: pinned.get('dagster-webserver'),
          dagster_graphql_version: pinned.get('dagster-graphql'),
        });

        const { assetNodes } = await graphql<AssetNodes>(port, ASSET_NODES);
        const byKey = new Map(assetNodes.map((node) => [node.assetKey.path.join('/'), node]));
        expect([...byKey.keys()].sort()).toEqual(['scd_history', 'scenario_snapshot']);
        const snapshot = byKey.get('scenario_snapshot')!;
        const history = byKey.get('scd_history')!;
        expect(snapshot).toMatchObject({ isPartitioned: true, dependencyKeys: [], assetChecksOrError: { checks: [] } });
        expect(snapshot.jobNames).toContain('scenarios_job');
        expect(history).toMatchObject({ isPartitioned: true, dependencyKeys: [{ path: ['scenario_snapshot'] }] });
        expect(history.jobNames).toContain('scd_history_job');
        // Every check of `check --json` (the contract's list), but tombstones, which needs --hard-deletes
        // new_record and which these histories do not use.
        const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'check-report.v1.schema.json'), 'utf8'));
        const contract: string[] = schema.properties.checks.items.properties.name.enum;
        const checks = history.assetChecksOrError.checks?.map((c) => c.name).sort();
        expect(checks).toEqual(contract.filter((n) => n !== 'tombstones').sort());

        // The instance is the set-up's .dagster/ with the example's dagster.yaml in it: its run queue, one run per
        // scenario, is what keeps two runs off one DuckDB file.
        const { instance } = await graphql<Queue>(port, QUEUE);
        expect(instance.runQueuingSupported).toBe(true);
        const limits = instance.runQueueConfig?.tagConcurrencyLimitsYaml ?? 'no tag limit';
        expect(limits, 'the queue in .dagster/').toMatch(/key: dagster\/partition\/scenario\n\s+limit: 1\n/);

        // Ctrl-C: SIGINT to the whole group, as a terminal sends it to its foreground; dagster dev stops its children.
        const stopping = Date.now();
        process.kill(-server.pgid, 'SIGINT');
        const stoppedBySigint = await groupGone(server.pgid, STOP_MS);
        const stopSeconds = (Date.now() - stopping) / 1000;
        if (!stoppedBySigint) process.kill(-server.pgid, 'SIGKILL');
        expect(await groupGone(server.pgid, KILL_MS), 'no process of dagster dev is left').toBe(true);
        const stopMessage = `dagster dev stopped on Ctrl-C within ${STOP_MS / 1000} s\n${server.output()}`;
        expect(stoppedBySigint, stopMessage).toBe(true);
        expect(await portIsFree(port), `port ${port} is free again`).toBe(true);
        console.log(`dagster dev: ready in ${readySeconds.toFixed(1)} s, stopped in ${stopSeconds.toFixed(1)} s`);
      } finally {
        // Whatever failed above, nothing of dagster dev outlives the test.
        if (server !== undefined && groupAlive(server.pgid)) {
          process.kill(-server.pgid, 'SIGKILL');
          await groupGone(server.pgid, KILL_MS);
        }
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    SETUP_MS + READY_MS + STOP_MS + 2 * KILL_MS + 60_000,
  );
});
