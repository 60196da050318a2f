import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, which CI installs; SCD_REQUIRE_BROWSER makes its absence fail instead of skip. */
export const CHROMIUM = '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM) || process.env.SCD_REQUIRE_BROWSER !== undefined;

export interface DrawnElement {
  readonly x: number;
  readonly y: number;
  readonly base: number;
  readonly width: number;
  readonly height: number;
}

/** A chart as Chart.js drew it: its data, each dataset's elements in pixels, and each scale's ticks. */
export interface DrawnChart {
  readonly id: string;
  readonly labels: string[];
  readonly datasets: Array<{ label: string; data: unknown[]; colour: unknown; elements: DrawnElement[] }>;
  readonly ticks: Record<string, Array<{ value: number; label: string; pixel: number }>>;
}

/** Opens `html` in Chromium, collecting console errors, and gives `fn` the tab. */
export async function withPage(html: string, fn: (tab: Page, errors: string[]) => Promise<void>): Promise<void> {
  expect(readFileSync(html, 'utf8')).not.toMatch(/<script[^>]+src=|https?:\/\/cdn/);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const errors: string[] = [];
    tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`file://${html}`);
    await fn(tab, errors);
  } finally {
    await browser.close();
  }
}

/** Every chart of the page, in the page's order. */
export async function drawnCharts(tab: Page): Promise<DrawnChart[]> {
  return tab.evaluate(() => {
    type Scale = { ticks: Array<{ value: number; label?: unknown }>; getPixelForTick: (i: number) => number };
    type Chart = {
      data: { labels?: unknown[]; datasets: Array<{ label: string; data: unknown[]; backgroundColor: unknown }> };
      getDatasetMeta: (i: number) => { data: Array<Record<string, number>> };
      scales: Record<string, Scale>;
    };
    const charts = (globalThis as unknown as { Chart: { getChart: (c: HTMLCanvasElement) => Chart | undefined } })
      .Chart;
    return [...document.querySelectorAll('canvas')].map((canvas) => {
      const chart = charts.getChart(canvas) as Chart;
      const element = (e: Record<string, number>) => ({
        x: e.x ?? 0,
        y: e.y ?? 0,
        base: e.base ?? 0,
        width: e.width ?? 0,
        height: e.height ?? 0,
      });
      return {
        id: canvas.id,
        labels: (chart.data.labels ?? []).map(String),
        datasets: chart.data.datasets.map((d, i) => ({
          label: d.label,
          data: d.data,
          colour: d.backgroundColor,
          elements: chart.getDatasetMeta(i).data.map(element),
        })),
        ticks: Object.fromEntries(
          Object.entries(chart.scales).map(([axis, s]) => [
            axis,
            s.ticks.map((t, i) => ({ value: t.value, label: String(t.label ?? ''), pixel: s.getPixelForTick(i) })),
          ]),
        ),
      };
    });
  });
}

/** The chart `id` of `charts`; fails the test when there is none. */
export function chart(charts: readonly DrawnChart[], id: string): DrawnChart {
  const found = charts.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no chart ${id}`);
  return found;
}
