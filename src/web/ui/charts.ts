/**
 * Charts drawn on the server: Apache ECharts' server-side rendering to an SVG string (no
 * browser, no client bundle). A page shows each chart as an <img> of its SVG (the page's
 * Content-Security-Policy forbids the inline styles ECharts writes, an image is its own
 * document) with the figures as a table below it, so it reads without JavaScript; the same
 * chart is served as SVG, as PNG (sharp renders the SVG) and as CSV.
 */
import * as echarts from 'echarts';
import sharp from 'sharp';
import type { FastifyReply } from 'fastify';
import { toCsv } from '../../csv.js';
import { html, type Html } from './html.js';

export interface ChartSeries {
  name: string;
  /** One per category; null: not printed (a gap, never a 0). */
  values: ReadonlyArray<number | null>;
}

export interface ChartSpec {
  /** In URLs: [a-z0-9-]. */
  key: string;
  title: string;
  /** The x axis (years, eras, statuses). */
  categories: readonly string[];
  series: readonly ChartSeries[];
  kind: 'bar' | 'line';
  /** Bars of the series stacked (parts of one whole). */
  stacked?: boolean;
  /** Values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
}

const WIDTH = 720;
const HEIGHT = 320;
// Single quotes: ECharts writes the family into a double-quoted style attribute unescaped.
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** Rows the legend takes at the chart's width (its items are about 13 px a character plus the swatch). */
function legendRows(spec: ChartSpec): number {
  if (spec.series.length < 2) return 0;
  let rows = 1;
  let x = 0;
  for (const s of spec.series) {
    const w = [...s.name].length * 13 + 44;
    if (x + w > WIDTH - 40 && x > 0) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** The height the chart is drawn at: taller by the legend's extra rows. */
export function chartHeight(spec: ChartSpec): number {
  return HEIGHT + Math.max(0, legendRows(spec) - 1) * 22;
}

/** The chart as an SVG document. */
export function chartSvg(spec: ChartSpec): string {
  const rows = legendRows(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: chartHeight(spec) });
  const shown = (v: number): string => (spec.percent ? `${(v * 100).toFixed(1)}%` : String(v));
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      title: { text: spec.title, left: 'center', textStyle: { fontSize: 15, fontFamily: FONT } },
      legend: rows ? { bottom: 0, textStyle: { fontFamily: FONT } } : undefined,
      grid: { left: 56, right: 24, top: 60, bottom: 36 + rows * 22 },
      xAxis: { type: 'category', data: [...spec.categories] },
      yAxis: {
        type: 'value',
        minInterval: spec.percent ? undefined : 1,
        max: spec.percent ? 1 : undefined,
        axisLabel: spec.percent ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : undefined,
      },
      series: spec.series.map((s) => ({
        type: spec.kind,
        name: s.name,
        data: [...s.values],
        stack: spec.stacked ? 'all' : undefined,
        connectNulls: false,
        // A stacked part of 0 has no height to write its 0 in.
        label: {
          show: true,
          position: spec.stacked ? 'inside' : 'top',
          formatter: (p: { value: number | null }) =>
            p.value === null || (spec.stacked && p.value === 0) ? '' : shown(p.value),
        },
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart's figures as CSV: one row per category, one column per series (formulas defused). */
export function chartCsv(spec: ChartSpec): string {
  return toCsv(
    ['', ...spec.series.map((s) => s.name)],
    spec.categories.map((c, i) => [c, ...spec.series.map((s) => s.values[i] ?? null)]),
  );
}

export async function chartPng(spec: ChartSpec): Promise<Buffer> {
  // White paper under the SVG's transparent background; twice the size for sharp text.
  return sharp(Buffer.from(chartSvg(spec)), { density: 144 })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
}

const cellText = (v: number | null, percent: boolean | undefined): string =>
  v === null ? '—' : percent ? `${(v * 100).toFixed(1)}%` : String(v);

/** The chart on a page: its image, the downloads, and the table of its figures. */
export function chartFigure(spec: ChartSpec, base: string, words: { table: string; download: string }): Html {
  const download = (ext: string, label: string) => html`<a href="${base}/${spec.key}.${ext}" download>${label}</a>`;
  const downloads = html`${download('svg', 'SVG')} ${download('png', 'PNG')} ${download('csv', 'CSV')}`;
  return html`<figure class="chart" id="chart-${spec.key}" data-chart="${spec.key}">
    <img src="${base}/${spec.key}.svg" width="${WIDTH}" height="${chartHeight(spec)}" alt="${spec.title}">
    <figcaption>${spec.title} · ${words.download}: ${downloads}</figcaption>
    <table class="list figures" aria-label="${words.table}: ${spec.title}">
      <thead><tr><th></th>${spec.categories.map((c) => html`<th>${c}</th>`)}</tr></thead>
      <tbody>${spec.series.map(
        (s) =>
          html`<tr data-series="${s.name}">
            <th>${s.name}</th>${s.values.map(
              (v, i) => html`<td class="num"
              data-category="${spec.categories[i] ?? ''}">${cellText(v, spec.percent)}</td>`,
            )}</tr>`,
      )}</tbody>
    </table>
  </figure>`;
}

/** Sends one chart in the format its file name asks for (svg, png, csv); false when there is no such chart. */
export async function sendChart(
  reply: FastifyReply,
  specs: readonly ChartSpec[],
  file: string,
  downloadName: string,
): Promise<boolean> {
  const m = /^([a-z0-9-]{1,40})\.(svg|png|csv)$/.exec(file);
  const spec = m ? specs.find((s) => s.key === m[1]) : undefined;
  if (!m || !spec) return false;
  reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  // An SVG opened on its own must not run anything (ECharts writes none; this says so).
  if (m[2] === 'svg')
    await reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .type('image/svg+xml; charset=utf-8')
      .send(chartSvg(spec));
  else if (m[2] === 'png') await reply.type('image/png').send(await chartPng(spec));
  else
    await reply
      .header('content-disposition', `attachment; filename="${downloadName}-${spec.key}.csv"`)
      .type('text/csv; charset=utf-8')
      .send('\ufeff' + chartCsv(spec));
  return true;
}
