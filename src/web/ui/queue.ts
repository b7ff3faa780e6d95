/**
 * GET /queue: every report, flagged first, with the filters (year, agency, rule, era, source,
 * status, and the kind of failure of failed reports), how many reports break each rule, and the progress of reports still being read.
 * GET / redirects here. Viewer and up.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { refreshStaleReviews } from '../../review/review.js';
import { ERAS } from '../../schema/cells.js';
import { FAILURE_KINDS, type FailureKind } from '../../store/reports.js';
import { listQueue, QUEUE_STATUSES, queueCounts, queueFacets, type QueueFilter, type QueueItem, type QueueStatus } from '../../store/review.js';
import { RULES } from '../../validate/rules.js';
import { progressOf } from '../../service/progress.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { html, query, type Html } from './html.js';
import { layout, when } from './layout.js';
import { guardPage } from './session.js';

export const PAGE_SIZE = 100;

export const STATUS_LABELS: Record<QueueStatus, string> = {
  flagged: 'flagged',
  in_review: 'in review',
  approved: 'approved',
  rejected: 'rejected',
  passed: 'passed',
  queued: 'queued',
  processing: 'processing',
  failed: 'failed',
};

/** The queue's filters from a query string; empty parameters mean no condition. */
export const filterSchema = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  agency: z.string().trim().min(1).max(100).optional(),
  rule: z.string().regex(/^[a-zA-Z.]{1,64}$/).optional(),
  era: z.enum(ERAS).optional(),
  source: z.enum(['text', 'ocr']).optional(),
  status: z.enum(QUEUE_STATUSES as [QueueStatus, ...QueueStatus[]]).optional(),
  failure: z.enum(FAILURE_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
export type FilterQuery = z.infer<typeof filterSchema>;

export function parseFilter(raw: unknown): { filter: FilterQuery; error: string | null } {
  const given = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  const parsed = filterSchema.safeParse(given);
  if (parsed.success) return { filter: parsed.data, error: null };
  // Drop what does not parse and say so, rather than refuse the page.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const rest = filterSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([k]) => !bad.has(k))));
  return { filter: rest.success ? rest.data : {}, error: `ignored: ${[...bad].join(', ')} (not a valid value)` };
}

export function filterParams(f: FilterQuery): Record<string, string | number | undefined> {
  return { year: f.year, agency: f.agency, rule: f.rule, era: f.era, source: f.source, status: f.status, failure: f.failure };
}

const toQueueFilter = (f: FilterQuery): QueueFilter => ({ year: f.year, agency: f.agency, rule: f.rule, era: f.era, source: f.source, status: f.status, failure: f.failure });

/** What each kind of failure means, for the filter and the failed reports' rows. */
export const FAILURE_LABELS: Record<FailureKind, string> = {
  empty: 'empty file',
  'not-pdf': 'not a PDF',
  encrypted: 'encrypted',
  corrupt: 'damaged',
  'too-large': 'too many pages',
  'missing-file': 'stored file missing',
  stalled: 'worker lost it',
  other: 'other',
};

function sourceLabel(textLayer: QueueItem['textLayer']): string {
  if (textLayer === 'full') return 'text';
  if (textLayer === 'none') return 'OCR';
  if (textLayer === 'partial') return 'text + OCR';
  return '';
}

function ruleChips(rules: readonly string[], f: FilterQuery): Html {
  return html`${rules.map((r) => html`<a class="chip ${(RULES as Record<string, string>)[r] === 'warning' ? 'warn' : 'err'}" href="/queue${query({ ...filterParams(f), rule: r })}">${r}</a>`)}`;
}

async function progressCell(ctx: UiContext, item: QueueItem): Promise<Html> {
  if (item.status !== 'queued' && item.status !== 'processing') {
    if (item.status === 'failed') {
      const kind = item.errorKind ? html`<span class="badge failure" data-failure="${item.errorKind}">${FAILURE_LABELS[item.errorKind]}</span> ` : '';
      return html`${kind}<span class="muted" title="${item.error ?? ''}">${(item.error ?? 'failed').slice(0, 80)}</span>`;
    }
    if (item.decidedBy) return html`<span class="muted">by ${item.decidedBy}</span>`;
    return html``;
  }
  const p = await progressOf(ctx.deps.queues, { id: item.id, status: item.reportStatus, run: item.run, pages: item.pages });
  const label = p.pagesTotal ? `${p.stage} ${p.pagesDone ?? 0}/${p.pagesTotal}` : p.stage;
  return html`<span class="progress" data-progress-id="${item.id}"><progress max="${p.pagesTotal ?? 1}" value="${p.pagesTotal ? (p.pagesDone ?? 0) : 0}"></progress> <span class="stage">${label}</span></span>`;
}

export function registerQueue(app: FastifyInstance, ctx: UiContext): void {
  const { db } = ctx.deps;

  app.get('/', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    return reply.redirect('/queue', 303);
  });

  app.get('/queue', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const { filter: f, error } = parseFilter(request.query);
    await refreshStaleReviews(db, ctx.review);
    const page = f.page ?? 1;
    const qf = toQueueFilter(f);
    const [{ items, total }, counts, facets] = await Promise.all([
      listQueue(db, qf, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      queueCounts(db, qf),
      queueFacets(db),
    ]);
    const progress = await Promise.all(items.map((i) => progressCell(ctx, i)));
    const params = filterParams(f);
    const ruleNames = Object.keys(RULES);
    const allRuleCount = [...counts.rules.entries()];

    const statusTabs = html`<nav class="tabs">
      <a href="/queue${query({ ...params, status: undefined })}" class="${f.status ? '' : 'active'}">all <span class="n">${[...counts.statuses.values()].reduce((a, b) => a + b, 0)}</span></a>
      ${QUEUE_STATUSES.map((s) => {
        const n = counts.statuses.get(s) ?? 0;
        if (n === 0 && f.status !== s) return '';
        return html`<a href="/queue${query({ ...params, status: s })}" class="status-${s} ${f.status === s ? 'active' : ''}">${STATUS_LABELS[s]} <span class="n">${n}</span></a>`;
      })}
    </nav>`;

    const filters = html`<form method="get" action="/queue" class="filters" id="filters">
      <label>Year <select name="year"><option value="">any</option>${facets.years.map((y) => html`<option value="${y}" ${f.year === y ? 'selected' : ''}>${y}</option>`)}</select></label>
      <label>Agency <input name="agency" value="${f.agency ?? ''}" placeholder="part of the name" maxlength="100"></label>
      <label>Rule <select name="rule"><option value="">any</option>${ruleNames.map((r) => html`<option value="${r}" ${f.rule === r ? 'selected' : ''}>${r} (${counts.rules.get(r) ?? 0})</option>`)}</select></label>
      <label>Era <select name="era"><option value="">any</option>${ERAS.map((e) => html`<option value="${e}" ${f.era === e ? 'selected' : ''}>${e}</option>`)}</select></label>
      <label>Source <select name="source"><option value="">any</option><option value="text" ${f.source === 'text' ? 'selected' : ''}>text layer</option><option value="ocr" ${f.source === 'ocr' ? 'selected' : ''}>OCR</option></select></label>
      <label>Status <select name="status"><option value="">any</option>${QUEUE_STATUSES.map((s) => html`<option value="${s}" ${f.status === s ? 'selected' : ''}>${STATUS_LABELS[s]}</option>`)}</select></label>
      <label>Failure <select name="failure"><option value="">any</option>${FAILURE_KINDS.map((k) => html`<option value="${k}" ${f.failure === k ? 'selected' : ''}>${FAILURE_LABELS[k]}</option>`)}</select></label>
      <button class="primary">Filter</button> <a href="/queue" class="button">Clear</a>
    </form>`;

    const ruleCounts = html`<section class="rule-counts" aria-label="reports per rule">
      <h2>Reports per rule</h2>
      ${
        allRuleCount.length === 0
          ? html`<p class="muted">No rule is broken in these reports.</p>`
          : html`<ul>${allRuleCount.map(
              ([r, n]) =>
                html`<li><a href="/queue${query({ ...params, rule: f.rule === r ? undefined : r })}" class="chip ${(RULES as Record<string, string>)[r] === 'warning' ? 'warn' : 'err'} ${f.rule === r ? 'active' : ''}" data-rule="${r}">${r} <span class="n">${n}</span></a></li>`,
            )}</ul>`
      }
    </section>`;

    const rows = items.map(
      (i, k) => html`<tr class="status-${i.status}" data-report="${i.id}">
        <td class="num">${i.id}</td>
        <td><a href="/report/${i.id}" class="report-link">${i.agency ?? i.fileName}</a><div class="muted small">${i.fileName}</div></td>
        <td>${i.year ?? ''}</td>
        <td>${i.era ?? ''}</td>
        <td>${sourceLabel(i.textLayer)}</td>
        <td><span class="badge status-${i.status}">${STATUS_LABELS[i.status]}</span>${i.conflicts ? html` <span class="badge conflict">${i.conflicts} conflict${i.conflicts > 1 ? 's' : ''}</span>` : ''}</td>
        <td class="rules">${ruleChips(i.rules, f)}</td>
        <td>${progress[k]!}</td>
        <td class="muted small">${when(i.updatedAt)}</td>
      </tr>`,
    );

    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const pager =
      pages > 1
        ? html`<p class="pager">${page > 1 ? html`<a href="/queue${query({ ...params, page: page - 1 })}">← previous</a>` : ''} page ${page} of ${pages} ${
            page < pages ? html`<a href="/queue${query({ ...params, page: page + 1 })}">next →</a>` : ''
          }</p>`
        : '';

    const body = html`<div class="queue-head">
        <h1>Reports <span class="muted">${total}</span></h1>
        <div class="exports">Approved data${f.status && f.status !== 'approved' ? ' (exports take approved reports only)' : ''}:
          <a class="button" href="/export.csv${query({ ...params, status: undefined, failure: undefined })}" download>CSV</a>
          <a class="button" href="/export.xlsx${query({ ...params, status: undefined, failure: undefined })}" download>XLSX</a>
        </div>
      </div>
      ${filters}
      ${statusTabs}
      <div class="queue-layout">
        <table class="list queue">
          <thead><tr><th>#</th><th>Report</th><th>Year</th><th>Era</th><th>Source</th><th>Status</th><th>Broken rules</th><th>Progress / decided</th><th>Updated</th></tr></thead>
          <tbody>${rows.length ? rows : html`<tr><td colspan="9" class="muted">No report matches.</td></tr>`}</tbody>
        </table>
        ${ruleCounts}
      </div>
      ${pager}`;
    return sendHtml(reply, 200, layout({ title: 'Queue', session, active: 'queue', error }, body));
  });
}
