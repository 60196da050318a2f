import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The docs cannot drift from the CLI: every block of README.md and docs/*.md marked runnable is run
 * here, each in a fresh temporary directory, and must end as its marker says. The marker is an HTML
 * comment alone on the line above the fence (GitHub does not show it), as examples/dagster/README.md
 * marks its blocks (that README has its own test, test/dagster-webserver.test.ts):
 *
 *   <!-- runnable -->                                   exit 0
 *   <!-- runnable: exit 2; prints "has changed" -->     exit 2, and the output holds the text
 *
 * A sh or bash block runs in bash with -euo pipefail, where `npx scd-parallel` is this checkout's
 * bin/scd-parallel.js (npx itself would look the name up in a registry). A js block runs as an ES
 * module in node, where `import ... from 'scd-parallel'` is this checkout, as it is for a project
 * that installed it. TMPDIR is the block's directory, so whatever a block leaves is removed with it.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'scd-parallel.js');
/** A block that runs longer is killed: the docs' blocks are sized to take seconds. */
const BLOCK_MS = 90_000;

interface RunnableBlock {
  /** README.md:12, where the marker is. */
  readonly where: string;
  readonly language: 'sh' | 'js';
  readonly body: string;
  readonly exitCode: number;
  readonly prints: readonly string[];
}

const MARKER = /^<!-- runnable(?::\s*(.*?))?\s*-->$/;
const FENCE = /^```(sh|bash|js|mjs)$/;

/** One part of a marker's text: `exit N` or `prints "text"` (the text may hold `;`), then `;` or the end. */
const PART = /\s*(?:exit (\d+)|prints "([^"]+)")\s*(?:;|$)/y;

/** What a marker's text after `runnable:` asks for; anything else in it is an error, never ignored. */
function expectations(text: string, where: string): Pick<RunnableBlock, 'exitCode' | 'prints'> {
  let exitCode = 0;
  const prints: string[] = [];
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const part = PART.exec(text);
    const rest = text.slice(at).trim();
    if (part === null) throw new Error(`${where}: unknown runnable marker part "${rest}" (exit N; prints "text")`);
    if (part[1] !== undefined) exitCode = Number(part[1]);
    else prints.push(part[2]!);
  }
  return { exitCode, prints };
}

/**
 * The marked blocks of one Markdown file; a marker without a sh, bash or js fence below it is an error. Inside
 * another fenced block a marker is an example of one (docs/development.md shows one), not a marker.
 */
function runnableBlocks(markdown: string, file: string): RunnableBlock[] {
  const lines = markdown.split('\n');
  const blocks: RunnableBlock[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== undefined) {
      if (line.startsWith(fence) && /^(`+|~+)\s*$/.test(line)) fence = undefined;
      continue;
    }
    fence = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined || !line.startsWith('<!-- runnable')) continue;
    const where = `${file}:${i + 1}`;
    const marker = MARKER.exec(line);
    const language = FENCE.exec(lines[i + 1] ?? '')?.[1];
    if (marker === null || language === undefined) {
      throw new Error(`${where}: a runnable marker must sit above a sh, bash or js fence`);
    }
    const end = lines.findIndex((l, j) => j > i + 1 && l === '```');
    if (end < 0) throw new Error(`${where}: the runnable block is not closed`);
    blocks.push({
      where,
      language: language === 'js' || language === 'mjs' ? 'js' : 'sh',
      body: lines.slice(i + 2, end).join('\n'),
      ...expectations(marker[1] ?? '', where),
    });
    i = end;
  }
  return blocks;
}

interface Ended {
  /** The exit code, or null when the block was killed (a signal, or BLOCK_MS passed). */
  readonly code: number | null;
  /** stdout and stderr as they came. */
  readonly output: string;
}

const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The block's whole process group, since a command may leave children; one already gone is fine. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Runs one block in a fresh temporary directory, removed afterwards, in a process group of its own. */
async function runBlock(block: RunnableBlock): Promise<Ended> {
  const dir = mkdtempSync(join(tmpdir(), 'scd-docs-'));
  try {
    // `import ... from 'scd-parallel'` resolves here as in a project that installed the package.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'scd-parallel'), 'dir');
    const npx = `npx() { if [ "$1" = scd-parallel ]; then shift; node ${quoted(BIN)} "$@"; else command npx "$@"; fi }`;
    const file = join(dir, block.language === 'js' ? 'block.mjs' : 'block.sh');
    writeFileSync(file, block.language === 'js' ? block.body : `${npx}\n${block.body}\n`);
    const command = block.language === 'js' ? ['node', file] : ['bash', '-euo', 'pipefail', file];
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir };
    delete env.SCD_PARALLEL_FAULT;
    const [program, ...args] = command as [string, ...string[]];
    const child = spawn(program, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => killGroup(child.pid!), BLOCK_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    return { code, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What differs from the marker's promise; the output only when something does, to say why. */
function verdict(block: RunnableBlock, ended: Ended) {
  const missing = block.prints.filter((text) => !ended.output.includes(text));
  const failed = ended.code !== block.exitCode || missing.length > 0;
  return { code: ended.code, missing, output: failed ? ended.output.slice(-4000) : '' };
}

const DOCS = join(ROOT, 'docs');
const GUIDES = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
const FILES = [join(ROOT, 'README.md'), ...GUIDES.map((f) => join(DOCS, f))];
const BLOCKS = FILES.flatMap((path) => runnableBlocks(readFileSync(path, 'utf8'), relative(ROOT, path)));

describe('the runnable blocks of README.md and docs/*.md', () => {
  it('the README has a runnable shell block and a runnable library example', () => {
    const readme = BLOCKS.filter((b) => b.where.startsWith('README.md:'));
    expect([...new Set(readme.map((b) => b.language))].sort()).toEqual(['js', 'sh']);
  });

  it.each(BLOCKS.map((block) => [block.where, block] as const))('%s', async (_, block) => {
    expect(verdict(block, await runBlock(block))).toEqual({ code: block.exitCode, missing: [], output: '' });
  });
});

describe('the harness', () => {
  const fenced = (body: string, language = 'sh') => `\`\`\`${language}\n${body}\n\`\`\`\n`;
  const block = (body: string, marker = '<!-- runnable -->') =>
    runnableBlocks(`${marker}\n${fenced(body)}`, 'x.md')[0]!;

  it('reads exit codes and expected output, and refuses a marker it cannot honour', () => {
    expect(block('true', '<!-- runnable: exit 2; prints "a; b"; prints "c" -->')).toEqual({
      where: 'x.md:1',
      language: 'sh',
      body: 'true',
      exitCode: 2,
      prints: ['a; b', 'c'],
    });
    const refusal = (markdown: string) => () => runnableBlocks(markdown, 'x.md');
    expect(refusal(`<!-- runnable -->\n\n${fenced('true')}`)).toThrow('x.md:1: a runnable marker must sit above');
    expect(refusal(`<!-- runnable -->\n${fenced('true', 'python')}`)).toThrow('must sit above a sh, bash or js fence');
    expect(refusal(`<!-- runnable: exit two -->\n${fenced('true')}`)).toThrow('x.md:1: unknown runnable marker part');
    expect(refusal('<!-- runnable -->\n```sh\ntrue\n')).toThrow('x.md:1: the runnable block is not closed');
    // A marker shown inside another fence is an example, not a marker: only the block at line 7 runs.
    const example = `\`\`\`\`markdown\n<!-- runnable -->\n${fenced('false')}\`\`\`\`\n`;
    const markdown = `${example}<!-- runnable -->\n${fenced('true', 'bash')}`;
    expect(runnableBlocks(markdown, 'x.md')).toMatchObject([{ where: 'x.md:7', body: 'true' }]);
  });

  it('fails a block whose command fails before its last line, or whose output lacks a promised text', async () => {
    const badFlag = block('npx scd-parallel run --db sim.duckdb --al\necho not reached');
    const ended = await runBlock(badFlag);
    expect(verdict(badFlag, ended)).toMatchObject({ code: 2, missing: [] });
    expect([ended.output.includes("unknown option '--al'"), ended.output.includes('not reached')]).toEqual([
      true,
      false,
    ]);
    const marker = '<!-- runnable: prints "rewind [options]"; prints "no such text" -->';
    const promised = block('npx scd-parallel --help', marker);
    expect(verdict(promised, await runBlock(promised))).toMatchObject({ code: 0, missing: ['no such text'] });
  });
});
