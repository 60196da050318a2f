#!/usr/bin/env node
/**
 * Lines are at most 120 characters (the house rule, and biome.json's lineWidth). Biome's formatter keeps to it
 * where it can break a line, but it never splits a string, template, regex, comment or test name, so a line made
 * of one of those passes `biome check` at any length; this closes that gap. It reads the tracked sources
 * (`git ls-files`, so build output and scratch files never count) and prints `file:line: length` for each line
 * over the limit, failing if there is one. Length counts code points, as an editor's column does, not UTF-16 units.
 * usage: node scripts/check-lines.mjs [PROJECT_DIR]   (part of npm run lint)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINE_CHARS = 120;
const FOLDERS = ['src', 'test', 'bench', 'scripts', 'bin'];

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const files = execFileSync('git', ['ls-files', '--', ...FOLDERS], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(ts|mjs|js)$/.test(file));

let over = 0;
for (const file of files) {
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const chars = [...line].length;
      if (chars > MAX_LINE_CHARS) {
        over += 1;
        console.log(`${file}:${index + 1}: ${chars}`);
      }
    });
}
if (over > 0) {
  console.error(`${over} lines over ${MAX_LINE_CHARS} characters: split the string with +, or reflow the comment`);
  process.exit(1);
}
console.log(`${files.length} files, no line over ${MAX_LINE_CHARS} characters`);
