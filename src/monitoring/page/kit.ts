/**
 * What the report page's charts share. Like every function of this folder but html.ts, it runs in
 * the browser, embedded into the page by its source text (`pageKit.toString()`): it may use nothing
 * but its arguments and the global Chart that the bundled Chart.js defines. The chart functions
 * take the kit as an argument rather than importing it, as a transpiler may rename imported names.
 * Type-checked here like the rest; html.ts also formats the page's text with it, in Node.
 */
declare const Chart: new (canvas: HTMLCanvasElement, config: unknown) => PageChart;

/** The part of a Chart.js chart the page updates. */
export interface PageChart {
  readonly data: { labels?: unknown[]; datasets: Array<{ data: unknown[] }> };
  update(): void;
}

export function pageKit() {
  // Fixed, so that the page reads alike in every browser: 1,234,567.
  const locale = 'en-US';
  // Viridis, a sequential scale (perceptually even, legible in grey and to most colour-blind readers).
  const viridis = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const mix = (t: number) => {
    const at = t * (viridis.length - 1);
    const k = Math.min(viridis.length - 2, Math.floor(at));
    const [from, to] = [viridis[k] as number[], viridis[k + 1] as number[]];
    return `rgb(${from.map((c, j) => Math.round(c + ((to[j] as number) - c) * (at - k))).join(', ')})`;
  };
  return {
    palette: { blue: '#2f6fb0', orange: '#d9822b', green: '#3a9a5b', red: '#b04a4a', grey: '#555' },
    common: { animation: false, responsive: true, maintainAspectRatio: false, locale },
    /** With thousands separators, at most `digits` decimals. */
    number: (value: number, digits = 0) => value.toLocaleString(locale, { maximumFractionDigits: digits }),
    /**
     * `count` colours along the sequential scale, in order, none twice (the scale's lightest tenth
     * left out, too pale on white): a palette of N colours repeats from the N+1st period on.
     */
    sequential: (count: number): string[] =>
      Array.from({ length: count }, (_, i) => mix(count === 1 ? 0.45 : (0.9 * i) / (count - 1))),
    /** A logarithmic axis's labels: powers of ten only, as the 2s and 5s between crowd them. */
    decade: (value: number): string => {
      const exponent = Math.log10(value);
      if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return '';
      return value.toLocaleString(locale, { maximumFractionDigits: 20 });
    },
    /** The smallest of 1, 2 and 5 times a power of ten that is at least `value`: round bucket widths. */
    roundUp: (value: number): number => {
      const power = 10 ** Math.floor(Math.log10(value));
      return ([1, 2, 5, 10].find((m) => m * power >= value * (1 - 1e-12)) as number) * power;
    },
    /** An axis's title. */
    title: (text: string) => ({ display: true, text }),
    chart: (id: string, config: unknown): PageChart =>
      new Chart(document.getElementById(id) as HTMLCanvasElement, config),
  };
}

export type PageKit = ReturnType<typeof pageKit>;
