/**
 * GET /queue: every report, flagged first, with the filters (year, agency, rule, era, source,
 * status, and the kind of failure of failed reports), how many reports break each rule, and the progress of reports
 * still being read.
 * GET / redirects here. Viewer and up.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { refreshStaleReviews } from '../../review/review.js';
import { ERAS } from '../../schema/cells.js';
import { FAILURE_KINDS } from '../../store/reports.js';
import {
  listQueue,
  QUEUE_STATUSES,
  queueCounts,
  queueFacets,
  type QueueFilter,
  type QueueItem,
  type QueueStatus,
} from '../../store/review.js';
import { RULES } from '../../validate/rules.js';
import { progressOf } from '../../service/progress.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { html, query, type Html } from './html.js';
import { layout, when, wordsOf } from './layout.js';
import { messagesFor, type Language, type Messages } from './messages.js';
import { ruleTitle } from '../../validate/ruleTitles.js';
import { guardPage } from './session.js';

export const PAGE_SIZE = 100;

/** The statuses in English (the API's words); pages say them in the user's language (messages.ts). */
export const STATUS_LABELS: Record<QueueStatus, string> = messagesFor('en').status;

/** The queue's filters from a query string; empty parameters mean no condition. */
export const filterSchema = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  agency: z.string().trim().min(1).max(100).optional(),
  rule: z
    .string()
    .regex(/^[a-zA-Z.]{1,64}$/)
    .optional(),
  era: z.enum(ERAS).optional(),
  source: z.enum(['text', 'ocr']).optional(),
  status: z.enum(QUEUE_STATUSES as [QueueStatus, ...QueueStatus[]]).optional(),
  failure: z.enum(FAILURE_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
export type FilterQuery = z.infer<typeof filterSchema>;

export function parseFilter(
  raw: unknown,
  t: Messages = messagesFor('en'),
): { filter: FilterQuery; error: string | null } {
  const given = Object.fromEntries(
    Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  );
  const parsed = filterSchema.safeParse(given);
  if (parsed.success) return { filter: parsed.data, error: null };
  // Drop what does not parse and say so, rather than refuse the page.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const rest = filterSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([k]) => !bad.has(k))));
  return { filter: rest.success ? rest.data : {}, error: t.queue.ignored([...bad].join(', ')) };
}

export function filterParams(f: FilterQuery): Record<string, string | number | undefined> {
  return {
    year: f.year,
    agency: f.agency,
    rule: f.rule,
    era: f.era,
    source: f.source,
    status: f.status,
    failure: f.failure,
  };
}

const toQueueFilter = (f: FilterQuery): QueueFilter => ({
  year: f.year,
  agency: f.agency,
  rule: f.rule,
  era: f.era,
  source: f.source,
  status: f.status,
  failure: f.failure,
});

function sourceLabel(textLayer: QueueItem['textLayer'], t: Messages): string {
  if (textLayer === 'full') return t.queue.textLayer;
  if (textLayer === 'none') return t.queue.ocr;
  if (textLayer === 'partial') return t.queue.textAndOcr;
  return '';
}

/** A rule as a chip: its name in the user's language, its id and explanation on hover. */
export function ruleChip(rule: string, href: string, language: Language, extra: Html | string = '', cls = ''): Html {
  const title = ruleTitle(rule, language);
  return html`<a class="chip ${(RULES as Record<string, string>)[rule] === 'warning' ? 'warn' : 'err'} ${cls}"
    href="${href}" data-rule="${rule}" title="${rule}: ${title.explanation}">
    <span class="rule-title">${title.name}</span> <code class="rule-id">${rule}</code>${extra}</a>`;
}

function ruleChips(rules: readonly string[], f: FilterQuery, language: Language): Html {
  return html`${rules.map((r) => ruleChip(r, `/queue${query({ ...filterParams(f), rule: r })}`, language))}`;
}

async function progressCell(ctx: UiContext, item: QueueItem, t: Messages): Promise<Html> {
  if (item.status !== 'queued' && item.status !== 'processing') {
    if (item.status === 'failed') {
      const kind = item.errorKind
        ? html`<span class="badge failure" data-failure="${item.errorKind}">${t.failure[item.errorKind]}</span> `
        : '';
      return html`${kind}<span class="muted"
        title="${item.error ?? ''}">${(item.error ?? t.queue.failed).slice(0, 80)}</span>`;
    }
    if (item.decidedBy) return html`<span class="muted">${t.queue.by(item.decidedBy)}</span>`;
    return html``;
  }
  const p = await progressOf(ctx.deps.queues, {
    id: item.id,
    status: item.reportStatus,
    run: item.run,
    pages: item.pages,
  });
  const label = p.pagesTotal ? `${p.stage} ${p.pagesDone ?? 0}/${p.pagesTotal}` : p.stage;
  const done = p.pagesTotal ? (p.pagesDone ?? 0) : 0;
  const bar = html`<progress max="${p.pagesTotal ?? 1}" value="${done}"></progress>`;
  return html`<span class="progress" data-progress-id="${item.id}">${bar} <span class="stage">${label}</span></span>`;
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
    const t = wordsOf(session);
    const q = t.queue;
    const language = session.user.language;
    const { filter: f, error } = parseFilter(request.query, t);
    await refreshStaleReviews(db, ctx.review);
    const page = f.page ?? 1;
    const qf = toQueueFilter(f);
    const [{ items, total }, counts, facets] = await Promise.all([
      listQueue(db, qf, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      queueCounts(db, qf),
      queueFacets(db),
    ]);
    const progress = await Promise.all(items.map((i) => progressCell(ctx, i, t)));
    const params = filterParams(f);
    const ruleNames = Object.keys(RULES);
    const allRuleCount = [...counts.rules.entries()];

    const allCount = [...counts.statuses.values()].reduce((a, b) => a + b, 0);
    const statusTabs = html`<nav class="tabs">
      <a href="/queue${query({ ...params, status: undefined })}"
        class="${f.status ? '' : 'active'}">${q.all} <span class="n">${allCount}</span></a>
      ${QUEUE_STATUSES.map((s) => {
        const n = counts.statuses.get(s) ?? 0;
        if (n === 0 && f.status !== s) return '';
        return html`<a href="/queue${query({ ...params, status: s })}"
          class="status-${s} ${f.status === s ? 'active' : ''}">${t.status[s]} <span class="n">${n}</span></a>`;
      })}
    </nav>`;

    const yearOptions = facets.years.map(
      (y) => html`<option value="${y}" ${f.year === y ? 'selected' : ''}>${y}</option>`,
    );
    const ruleOptions = ruleNames.map((r) => {
      const label = `${ruleTitle(r, language).name} · ${r} (${counts.rules.get(r) ?? 0})`;
      return html`<option value="${r}" ${f.rule === r ? 'selected' : ''}>${label}</option>`;
    });
    const eraOptions = ERAS.map((e) => html`<option value="${e}" ${f.era === e ? 'selected' : ''}>${e}</option>`);
    const statusOptions = QUEUE_STATUSES.map(
      (s) => html`<option value="${s}" ${f.status === s ? 'selected' : ''}>${t.status[s]}</option>`,
    );
    const failureOptions = FAILURE_KINDS.map(
      (k) => html`<option value="${k}" ${f.failure === k ? 'selected' : ''}>${t.failure[k]}</option>`,
    );
    const filters = html`<form method="get" action="/queue" class="filters" id="filters">
      <label>${q.year} <select name="year">
        <option value="">${q.any}</option>${yearOptions}</select></label>
      <label>${q.agency} <input name="agency" value="${f.agency ?? ''}" placeholder="${q.agencyPlaceholder}"
        maxlength="100"></label>
      <label>${q.rule} <select name="rule">
        <option value="">${q.any}</option>${ruleOptions}</select></label>
      <label>${q.era} <select name="era">
        <option value="">${q.any}</option>${eraOptions}</select></label>
      <label>${q.source} <select name="source"><option value="">${q.any}</option>
        <option value="text" ${f.source === 'text' ? 'selected' : ''}>${q.textLayer}</option>
          <option value="ocr" ${f.source === 'ocr' ? 'selected' : ''}>${q.ocr}</option></select></label>
      <label>${q.status} <select name="status">
        <option value="">${q.any}</option>${statusOptions}</select></label>
      <label>${q.failureKind} <select name="failure">
        <option value="">${q.any}</option>${failureOptions}</select></label>
      <button class="primary">${q.filter}</button> <a href="/queue" class="button">${q.clear}</a>
    </form>`;

    // A rule's chip toggles the rule filter.
    const ruleHref = (r: string) => `/queue${query({ ...params, rule: f.rule === r ? undefined : r })}`;
    const ruleCounts = html`<section class="rule-counts" aria-label="${q.perRule}">
      <h2>${q.perRule}</h2>
      ${
        allRuleCount.length === 0
          ? html`<p class="muted">${q.noRule}</p>`
          : html`<ul>${allRuleCount.map(
              ([r, n]) =>
                html`<li>${ruleChip(
                  r,
                  ruleHref(r),
                  language,
                  html` <span class="n">${n}</span>`,
                  f.rule === r ? 'active' : '',
                )}</li>`,
            )}</ul>`
      }
    </section>`;

    const rows = items.map(
      (i, k) => html`<tr class="status-${i.status}" data-report="${i.id}">
        <td class="num">${i.id}</td>
        <td><a href="/report/${i.id}" class="report-link">${i.agency ?? i.fileName}</a>
          <div class="muted small">${i.fileName}</div></td>
        <td>${i.year ?? ''}</td>
        <td>${i.era ?? ''}</td>
        <td>${sourceLabel(i.textLayer, t)}</td>
        <td><span class="badge status-${i.status}">${t.status[i.status]}</span>${
          i.conflicts ? html` <span class="badge conflict">${q.conflicts(i.conflicts)}</span>` : ''
        }</td>
        <td class="rules">${ruleChips(i.rules, f, language)}</td>
        <td>${progress[k]!}</td>
        <td class="muted small">${when(i.updatedAt)}</td>
      </tr>`,
    );

    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const pager =
      pages > 1
        ? html`<p class="pager">${
            page > 1 ? html`<a href="/queue${query({ ...params, page: page - 1 })}">${q.previous}</a>` : ''
          } ${q.pageOf(page, pages)} ${
            page < pages ? html`<a href="/queue${query({ ...params, page: page + 1 })}">${q.next}</a>` : ''
          }</p>`
        : '';

    const body = html`<div class="queue-head">
        <h1>${q.reports} <span class="muted">${total}</span></h1>
        <div class="exports">${q.approvedData}${f.status && f.status !== 'approved' ? q.approvedOnly : ''}:
          <a class="button" href="/export.csv${query({ ...params, status: undefined, failure: undefined })}"
            download>CSV</a>
          <a class="button" href="/export.xlsx${query({ ...params, status: undefined, failure: undefined })}"
            download>XLSX</a>
          · ${q.seriesExport}: <a class="button"
            href="/export/series.csv${query({ ...params, status: undefined, failure: undefined })}" download>CSV</a>
          <a class="button" href="/export/series.xlsx${query({ ...params, status: undefined, failure: undefined })}"
            download>XLSX</a>
        </div>
      </div>
      ${filters}
      ${statusTabs}
      <div class="queue-layout">
        <table class="list queue">
          <thead><tr>${q.head.map((h) => html`<th>${h}</th>`)}</tr></thead>
          <tbody>${rows.length ? rows : html`<tr><td colspan="9" class="muted">${q.none}</td></tr>`}</tbody>
        </table>
        ${ruleCounts}
      </div>
      ${pager}`;
    return sendHtml(reply, 200, layout({ title: q.title, session, active: 'queue', error }, body));
  });
}
