/**
 * GET /overview: the corpus at a glance, as charts with their tables (viewer and up): reports by
 * year and template, by status, by source (text layer / OCR), the rules broken per year, the
 * reports published late (report.published), the OCR share by year.
 * GET /overview/charts/:key.(svg|png|csv): each chart on its own.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../store/db.js';
import { QUEUE_STATUSES, type QueueStatus } from '../../store/review.js';
import { ruleTitle, type Language } from '../../validate/ruleTitles.js';
import { chartFigure, sendChart, type ChartSpec } from './charts.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { html } from './html.js';
import { layout, wordsOf } from './layout.js';
import type { Messages } from './messages.js';
import { guardPage } from './session.js';

export interface CorpusRow {
  id: number;
  agency: string | null;
  year: number | null;
  era: string | null;
  status: QueueStatus;
  rules: string[];
  textLayer: string | null;
  publishedOn: string | null;
}

export async function corpusRows(db: Db): Promise<CorpusRow[]> {
  const r = await db.query<{
    id: number;
    agency: string | null;
    year: number | null;
    era: string | null;
    status: QueueStatus;
    rules: string[] | null;
    text_layer: string | null;
    published_on: string | null;
  }>(
    `SELECT r.id, r.agency, r.year, r.era,
       CASE WHEN rv.status IN ('approved', 'rejected') THEN rv.status ELSE r.status END AS status,
       COALESCE(rv.rules, r.rules) AS rules,
       v.record->'source'->>'textLayer' AS text_layer, v.record->'meta'->>'publishedOn' AS published_on
     FROM reports r LEFT JOIN report_versions v ON v.id = r.current_version_id LEFT JOIN reviews rv ON rv.report_id ` +
      `= r.id
     ORDER BY r.year NULLS LAST, r.id`,
  );
  return r.rows.map((x) => ({
    id: x.id,
    agency: x.agency,
    year: x.year,
    era: x.era,
    status: x.status,
    rules: x.rules ?? [],
    textLayer: x.text_layer,
    publishedOn: x.published_on,
  }));
}

const count = <T>(items: readonly T[], pred: (x: T) => boolean): number =>
  items.reduce((n, x) => n + (pred(x) ? 1 : 0), 0);

export function overviewCharts(rows: readonly CorpusRow[], t: Messages, language: Language): ChartSpec[] {
  const o = t.overview;
  const years = [...new Set(rows.flatMap((r) => (r.year === null ? [] : [r.year])))].sort((a, b) => a - b);
  const cats = years.map(String);
  const ofYear = (y: number) => rows.filter((r) => r.year === y);
  const eras = [...new Set(rows.flatMap((r) => (r.era ? [r.era] : [])))].sort();
  const rules = [...new Set(rows.flatMap((r) => r.rules))].sort();
  const statuses = QUEUE_STATUSES.filter((s) => rows.some((r) => r.status === s));
  const sources: Array<[string, string]> = [
    ['full', t.queue.textLayer],
    ['none', t.queue.ocr],
    ['partial', t.queue.textAndOcr],
  ];
  return [
    {
      key: 'years',
      title: o.byYear,
      categories: cats,
      kind: 'bar',
      stacked: true,
      series: eras.map((e) => ({
        name: `${t.queue.era} ${e}`,
        values: years.map((y) => count(ofYear(y), (r) => r.era === e)),
      })),
    },
    {
      key: 'status',
      title: o.byStatus,
      categories: statuses.map((s) => t.status[s]),
      kind: 'bar',
      series: [{ name: o.count, values: statuses.map((s) => count(rows, (r) => r.status === s)) }],
    },
    {
      key: 'source',
      title: o.bySource,
      categories: cats,
      kind: 'bar',
      stacked: true,
      series: sources.map(([k, name]) => ({
        name,
        values: years.map((y) => count(ofYear(y), (r) => r.textLayer === k)),
      })),
    },
    {
      key: 'rules',
      title: o.rulesByYear,
      categories: cats,
      kind: 'bar',
      stacked: true,
      series: rules.map((rule) => ({
        name: ruleTitle(rule, language).name,
        values: years.map((y) => count(ofYear(y), (r) => r.rules.includes(rule))),
      })),
    },
    {
      key: 'late',
      title: o.late,
      categories: cats,
      kind: 'bar',
      series: [
        { name: o.count, values: years.map((y) => count(ofYear(y), (r) => r.rules.includes('report.published'))) },
      ],
    },
    {
      key: 'ocr',
      title: o.ocrShare,
      categories: cats,
      kind: 'line',
      percent: true,
      series: [
        {
          name: o.share,
          values: years.map((y) => {
            const n = count(ofYear(y), (r) => r.textLayer !== null);
            return n ? count(ofYear(y), (r) => r.textLayer === 'none' || r.textLayer === 'partial') / n : null;
          }),
        },
      ],
    },
  ];
}

export function registerOverview(app: FastifyInstance, ctx: UiContext): void {
  app.get('/overview', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const t = wordsOf(session);
    const rows = await corpusRows(ctx.deps.db);
    const charts = overviewCharts(rows, t, session.user.language).map((spec) =>
      chartFigure(spec, '/overview/charts', t.agencies),
    );
    const late = rows.filter((r) => r.rules.includes('report.published'));
    const body = html`<h1>${t.overview.title} <span class="muted">${rows.length}</span></h1>
      <section class="charts">${charts}</section>
      <section class="card" id="late"><h2>${t.overview.late}</h2>
        ${
          late.length
            ? html`<table class="list"><thead><tr><th>${t.agencies.year}</th><th>${t.agencies.report}</th>
              <th>${t.agencies.published}</th></tr></thead><tbody>${late.map(
                (r) =>
                  html`<tr><td>${r.year ?? ''}</td><td><a href="/report/${r.id}">${r.agency ?? `#${r.id}`}</a></td>
                    <td>${r.publishedOn ?? ''}</td></tr>`,
              )}</tbody></table>`
            : html`<p class="muted">${t.overview.none}</p>`
        }
      </section>`;
    return sendHtml(reply, 200, layout({ title: t.overview.title, session, active: 'overview' }, body));
  });

  app.get('/overview/charts/:file', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const t = wordsOf(session);
    const sent = await sendChart(
      reply,
      overviewCharts(await corpusRows(ctx.deps.db), t, session.user.language),
      (request.params as { file?: string }).file ?? '',
      'overview',
    );
    return sent ? reply : reply.code(404).send({ error: 'no such chart' });
  });
}
