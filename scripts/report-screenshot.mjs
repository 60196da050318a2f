#!/usr/bin/env node
/**
 * docs/report.png, from the demo: `report --html` of a demo's database, shown in the Chromium the
 * browser test uses (Debian's, /usr/bin/chromium) and saved as a PNG of the whole page.
 * usage: node bin/scd-parallel.js demo --db /tmp/demo.duckdb
 *        node scripts/report-screenshot.mjs /tmp/demo.duckdb docs/report.png
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [db, png] = process.argv.slice(2);
if (db === undefined || png === undefined) throw new Error('usage: report-screenshot.mjs DB PNG');
const dir = mkdtempSync(join(tmpdir(), 'scd-report-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = join(dir, 'report.html');
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'scd-parallel.js');
  execFileSync(process.execPath, [cli, 'report', '--db', db, '--html', page], { stdio: 'ignore' });
  const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await tab.goto(`file://${page}`);
  await tab.screenshot({ path: png, fullPage: true });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
