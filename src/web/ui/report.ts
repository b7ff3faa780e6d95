/**
 * The report page and its actions.
 *
 *   GET  /report/:id               the page images with every cell's box, the tables, the rules, the
 *                                  selected cell, the actions, the audit trail (viewer and up)
 *   GET  /report/:id/page/:n       page n as PNG (rendered on demand, cached in the data dir)
 *   POST /report/:id/correct       cell, value, reason, note        (auditor)
 *   POST /report/:id/confirm-cell  cell: accept the value as printed (auditor)
 *   POST /report/:id/confirm       the report as printed            (auditor)
 *   POST /report/:id/approve | reject | reopen                      (auditor)
 *   POST /report/:id/conflict      cell, keep=1|0                   (auditor)
 *   POST /report/:id/reprocess     extract again                    (admin)
 *
 * Every POST carries the session's CSRF token; forms also carry the version they were made from
 * (and the value shown), so an action on a page gone stale is refused (409) rather than applied
 * to something the person did not see. Success redirects back (303); a refusal shows the page
 * again with the reason and its status code.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  approveReport,
  confirmCell,
  confirmReport,
  correctCell,
  CORRECTION_REASONS,
  formatValue,
  isCorrectionReason,
  loadReviewState,
  parseValueInput,
  rejectReport,
  reopenReport,
  resolveConflict,
  ReviewError,
  seenToken,
  type Actor,
} from '../../review/review.js';
import type { Cell, ReportRecord, ValidationIssue } from '../../schema/record.js';
import type { AuditEntry } from '../../store/review.js';
import { getReport } from '../../store/reports.js';
import type { Session } from '../../store/users.js';
import { roleAtLeast } from '../../store/users.js';
import { RULES } from '../../validate/rules.js';
import { reprocessReport } from '../../service/intake.js';
import { progressOf } from '../../service/progress.js';
import { statusOfRefusal } from '../errorStatus.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { escapeHtml, html, jsonScript, query, raw, type Html } from './html.js';
import { wordsOf } from './layout.js';
import type { Messages } from './messages.js';
import { findReuse, reuseSection } from './reuse.js';
import { agencyIdOf } from '../../store/agencies.js';
import { ruleLine, ruleTitle } from '../../validate/ruleTitles.js';
import { layout, when } from './layout.js';
import type { PageSize } from './pageImages.js';
import { formOf, guardAction, guardPage } from './session.js';
import { cellLabel, reportTables, tableOrder } from './tables.js';

const idOf = (request: FastifyRequest): number | null => {
  const raw = (request.params as { id?: string }).id ?? '';
  const n = Number(raw);
  return /^\d{1,9}$/.test(raw) && n > 0 ? n : null;
};

function displayValue(c: Cell | undefined): string {
  if (!c) return '·';
  if (c.value === null) return c.raw.trim() || '∅';
  return String(c.value);
}

function usesOneRowOther(record: ReportRecord): boolean {
  return Object.keys(record.cells).some((id) => id.startsWith('applications.other.total.'));
}

interface CellInfo {
  label: string;
  value: string;
  extracted: string;
  raw: string;
  where: string;
  seen: string;
  classes: string[];
  decision: string | null;
  rules: number[];
  present: boolean;
}

interface RuleInfo {
  rule: string;
  state: 'error' | 'warning' | 'ok';
  fixed: boolean;
  messages: string[];
  cells: string[];
}

/** Every rule of the era, with its issues now and whether review fixed it. */
function rulesOf(record: ReportRecord, extracted: ReportRecord): RuleInfo[] {
  const era = record.meta.era;
  const applies = (rule: string): boolean =>
    era === '2008' ? !/^(applications|appeals)\./.test(rule) : rule !== 'legacy.sums';
  const byRule = (issues: readonly ValidationIssue[]): Map<string, ValidationIssue[]> => {
    const m = new Map<string, ValidationIssue[]>();
    for (const i of issues) m.set(i.rule, [...(m.get(i.rule) ?? []), i]);
    return m;
  };
  const now = byRule(record.validation.issues);
  const before = byRule(extracted.validation.issues);
  const names = [...new Set([...Object.keys(RULES), ...now.keys()])].filter((r) => applies(r) || now.has(r));
  return names
    .map((rule): RuleInfo => {
      const issues = now.get(rule) ?? [];
      const severity = issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : 'ok';
      return {
        rule,
        state: severity,
        fixed: issues.length === 0 && before.has(rule),
        messages: issues.map((i) => i.message),
        cells: [...new Set(issues.flatMap((i) => i.cells))],
      };
    })
    .sort(
      (a, b) =>
        ['error', 'warning', 'ok'].indexOf(a.state) - ['error', 'warning', 'ok'].indexOf(b.state) ||
        Number(b.fixed) - Number(a.fixed),
    );
}

function auditChange(e: AuditEntry, t: Messages): string {
  if (e.oldValue === null && e.newValue === null) return '';
  const v = (s: string | null): string => (s === null ? t.report.notRead : s === '' ? t.report.blank : s);
  if (e.action === 'confirm_cell') return v(e.newValue);
  return `${v(e.oldValue)} → ${v(e.newValue)}`;
}

interface RenderOptions {
  status?: number;
  error?: string | null;
  cell?: string | null;
  done?: string | null;
}

async function renderReport(
  ctx: UiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: Session,
  id: number,
  o: RenderOptions = {},
): Promise<FastifyReply> {
  const state = await loadReviewState(ctx.deps.db, id, ctx.review);
  if (!state) return refusal(request, reply, 404, `no report ${id}`, session);
  const canReview = roleAtLeast(session.user.role, 'auditor');
  const isAdmin = session.user.role === 'admin';
  const { report, version, record } = state;
  const words = wordsOf(session);
  const t = words.report;
  const language = session.user.language;
  const title = `${report.agency ?? report.fileName}${report.year ? ` ${report.year}` : ''}`;
  const notice = o.done ? (t.done[o.done] ?? null) : null;

  const agencyId = await agencyIdOf(ctx.deps.db, report.agency);
  const facts = t.facts(
    report.era ?? '?',
    String(report.pages ?? '?'),
    String(version?.run ?? '–'),
    version?.extractorVersion ?? '–',
  );
  const header = html`<div class="report-head">
    <div>
      <p class="crumbs"><a href="/queue">${t.back}</a>${
        agencyId !== null
          ? html` · <a href="/agencies/${agencyId}"
        id="agency-link">${t.agencyLink}</a>`
          : ''
      }</p>
      <h1>${report.agency ?? t.agencyUnknown} <span class="muted">${report.year ?? ''}</span>
        <span class="badge status-${state.status}" id="review-status">${words.status[state.status]}</span></h1>
      <p class="muted small">#${report.id} · ${report.fileName} · ${facts} ·
        <a href="/api/reports/${report.id}/file">PDF</a></p>
    </div>
  </div>`;

  if (!version || !record) {
    const p = await progressOf(ctx.deps.queues, report);
    const kind = report.errorKind
      ? html` <a class="badge failure"
        data-failure="${report.errorKind}" href="/queue${query({ status: 'failed', failure: report.errorKind })}"
          title="${words.queue.everyFailedSo}">${words.failure[report.errorKind]}</a>`
      : '';
    const error = report.error ? html` — ${report.error}` : '';
    const bar = html`<progress max="${p.pagesTotal ?? 1}" value="${p.pagesDone ?? 0}"></progress>`;
    const body = html`${header}<section class="card"><p>${t.nothing(words.status[report.status])}${kind}${error}.</p>
      ${
        report.status === 'queued' || report.status === 'processing'
          ? html`<p class="progress" data-progress-id="${report.id}">${bar} <span class="stage">${p.stage}</span></p>`
          : ''
      }</section>`;
    return sendHtml(reply, o.status ?? 200, layout({ title, session, active: 'queue', error: o.error, notice }, body));
  }

  const era = record.meta.era;
  const oneRow = usesOneRowOther(record);
  const order = era ? tableOrder(era, oneRow) : Object.keys(record.cells);
  const rules = rulesOf(record, version.record);
  const errorCells = new Set(record.validation.issues.filter((i) => i.severity === 'error').flatMap((i) => i.cells));
  const warnCells = new Set(record.validation.issues.filter((i) => i.severity === 'warning').flatMap((i) => i.cells));
  const conflictCells = new Set(state.conflicts.map((c) => c.cellId));
  const lowConf = (c: Cell | undefined): boolean =>
    !!c && c.source === 'ocr' && c.confidence < ctx.review.minConfidence;

  const cells: Record<string, CellInfo> = {};
  for (const cid of order) {
    const c = record.cells[cid];
    const x = version.record.cells[cid];
    const d = state.decisions.get(cid);
    const classes: string[] = [];
    if (!c) classes.push('absent');
    if (errorCells.has(cid)) classes.push('broken');
    else if (warnCells.has(cid)) classes.push('warn');
    if (lowConf(c)) classes.push('lowconf');
    if (d?.kind === 'corrected') classes.push('corrected');
    if (d?.kind === 'confirmed') classes.push('confirmed');
    if (conflictCells.has(cid)) classes.push('conflict');
    cells[cid] = {
      label: cellLabel(cid, era),
      value: c ? formatValue(c.value) : t.notRead,
      extracted: x ? formatValue(x.value) : t.notRead,
      raw: x?.raw ?? '',
      where: x ? t.where(x.page, x.source === 'ocr', x.confidence.toFixed(2)) : '',
      seen: seenToken(c ? c.value : undefined),
      classes,
      decision: d ? t.decision(d.kind === 'corrected', d.userName, when(d.createdAt), d.reason) : null,
      rules: rules.flatMap((r, k) => (r.cells.includes(cid) ? [k] : [])),
      present: !!c,
    };
  }
  const flagged = order.filter((cid) =>
    cells[cid]!.classes.some((k) => k === 'broken' || k === 'lowconf' || k === 'conflict'),
  );
  const selected = o.cell && cells[o.cell] ? o.cell : (flagged[0] ?? null);
  const sel = selected ? cells[selected]! : null;

  // Page images with the boxes.
  let sizes: PageSize[] | null = null;
  let imageError: string | null = null;
  try {
    sizes = await ctx.renderer.sizes(report);
  } catch (err) {
    imageError = t.imagesFailed((err as Error).message);
    request.log.warn({ err, reportId: report.id }, 'page sizes failed');
  }
  const pagesWithCells = [...new Set(Object.values(record.cells).map((c) => c.page))].sort((a, b) => a - b);
  const figures = sizes
    ? pagesWithCells
        .filter((p) => p >= 1 && p <= sizes!.length)
        .map((p) => {
          const [w, h] = sizes![p - 1]!;
          const boxes = Object.entries(record.cells)
            .filter(([, c]) => c.page === p && c.bbox[2] > c.bbox[0] && c.bbox[3] > c.bbox[1])
            .map(([cid, c]) => {
              const k = cells[cid]?.classes ?? [];
              const cls = ['box', ...k, cid === selected ? 'selected' : ''].filter(Boolean).join(' ');
              const [x0, y0, x1, y1] = c.bbox;
              return html`<rect class="${cls}" data-cell="${cid}" x="${x0.toFixed(2)}" y="${y0.toFixed(2)}"
                width="${(x1 - x0).toFixed(2)}"
                  height="${(y1 - y0).toFixed(2)}"><title>${cid}: ${formatValue(c.value)}</title></rect>`;
            });
          return html`<figure class="page" data-page="${p}">
            <div class="sheet-image">
              <img src="/report/${report.id}/page/${p}" width="${Math.round(w * 2)}" height="${Math.round(h * 2)}"
                alt="${t.pageAlt(p)}" loading="lazy">
              <svg viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" aria-hidden="true">${boxes}</svg>
            </div>
            <figcaption>${t.pageOf(p, sizes!.length)}</figcaption>
          </figure>`;
        })
    : [];

  const cellTd = (cid: string): Html => {
    const info = cells[cid];
    if (!info) return html`<td></td>`;
    const c = record.cells[cid];
    const cls = ['cell', ...info.classes, cid === selected ? 'selected' : ''].filter(Boolean).join(' ');
    return html`<td><a class="${cls}" href="/report/${report.id}${query({ cell: cid })}" data-cell="${cid}"
      title="${info.label}">${displayValue(c)}</a></td>`;
  };
  const tables = era
    ? reportTables(era, cellTd, oneRow).map(
        (t) =>
          html`<section class="table-block" data-table="${t.table}"><h3>${t.title}</h3>
            <div class="scroll-x">${t.body}</div></section>`,
      )
    : [html`<p class="muted">${t.noEra}</p>`];

  const reuse = reuseSection(await findReuse(ctx.deps.db, report, record, version.text), version.text, words);

  const open = state.status !== 'approved' && state.status !== 'rejected';
  const reasonOptions = Object.entries(CORRECTION_REASONS).map(([k, v]) => html`<option value="${k}">${v}</option>`);
  const keysEdit = canReview && open ? raw(t.keysEdit) : '';
  const csrf = html`<input type="hidden" name="_csrf" value="${session.csrfToken}"><input type="hidden"
    name="version" value="${version.id}">`;

  const panel = html`<section class="card cell-panel" id="cell-panel" ${sel ? '' : 'hidden'}>
    <h2>${t.cell} <code id="cp-id">${selected ?? ''}</code></h2>
    <p id="cp-label" class="cell-label">${sel?.label ?? ''}</p>
    <dl class="facts">
      <dt>${t.value}</dt><dd id="cp-value">${sel?.value ?? ''}</dd>
      <dt>${t.extracted}</dt><dd><span id="cp-extracted">${sel?.extracted ?? ''}</span> <span class="muted"
        id="cp-where">${sel?.where ?? ''}</span></dd>
      <dt>${t.printed}</dt><dd id="cp-raw">${sel?.raw ?? ''}</dd>
      <dt>${t.decided}</dt><dd id="cp-decision">${sel?.decision ?? '—'}</dd>
    </dl>
    ${
      canReview && open
        ? html`<form method="post" action="/report/${report.id}/correct" class="correct" id="correct-form">
            ${csrf}<input type="hidden" name="cell" value="${selected ?? ''}"><input type="hidden"
              name="seen" value="${sel?.seen ?? ''}">
            <div class="row">
              <label>${t.correct} <span id="cp-old">${sel?.value ?? ''}</span> → <input name="value" id="cp-input"
                inputmode="decimal" autocomplete="off" required maxlength="20" size="8"
                  placeholder="${t.newValue}"></label>
              <label>${t.reason} <select name="reason" id="cp-reason" required>
                <option value="">${t.choose}</option>${reasonOptions}</select></label>
            </div>
            <div class="row"><label class="grow">${t.note} <input name="note" maxlength="500"
              placeholder="${t.noteHint}" autocomplete="off"></label>
              <button class="primary" id="cp-correct">${t.correct}</button></div>
            <p class="muted small">${t.blankHint}</p>
          </form>
          <form method="post" action="/report/${report.id}/confirm-cell" id="accept-form" class="inline">
            ${csrf}<input type="hidden" name="cell" value="${selected ?? ''}"><input type="hidden"
              name="seen" value="${sel?.seen ?? ''}">
            <button id="cp-accept">${t.accept}</button>
          </form>`
        : canReview
          ? html`<p class="muted">${t.reopenToChange(words.status[state.status])}</p>`
          : ''
    }
    <p class="keys muted small">${t.keys}<kbd>j</kbd>/<kbd>k</kbd> ${t.keysNav}${keysEdit}</p>
  </section>`;

  const errorsNow = record.validation.issues.filter((i) => i.severity === 'error').length;
  const approved = state.status === 'approved';
  const earlierWord =
    state.review?.status === 'in_review' ? t.decidedWord : state.review ? words.status[state.review.status] : '';
  const decision =
    state.review && (state.status === 'approved' || state.status === 'rejected')
      ? html`<p>${t.decidedBy(approved, state.review.decidedBy ?? '?', when(state.review.decidedAt))}</p>`
      : state.review?.decidedVersionId && state.review.decidedVersionId !== version.id
        ? html`<p class="warn-text">${t.earlier(earlierWord)}</p>`
        : '';
  const confirmedBy = t.confirmedBy(state.review?.confirmedBy ?? '?', when(state.review?.confirmedAt));
  const actions = html`<section class="card actions" id="actions">
    <h2>${t.review}</h2>
    ${decision}
    ${state.confirmed ? html`<p>${confirmedBy}</p>` : ''}
    ${
      canReview && open
        ? html`
          ${
            errorsNow > 0 && !state.confirmed
              ? html`<form method="post" action="/report/${report.id}/confirm" class="row">${csrf}
                  <input name="note" maxlength="500" placeholder="${t.noteOptional}" autocomplete="off" class="grow">
                  <button id="confirm-report">${t.confirmReport}</button></form>`
              : ''
          }
          <form method="post" action="/report/${report.id}/approve" class="row">${csrf}
            <input name="note" maxlength="500" placeholder="${t.noteOptional}" autocomplete="off" class="grow">
            <button class="primary" id="approve" ${state.approveBlocked ? 'disabled' : ''}>${t.approve}</button></form>
          ${
            state.approveBlocked
              ? html`<p class="muted small"
            id="approve-blocked">${t.cannotApprove(state.approveBlocked)}</p>`
              : ''
          }
          <form method="post" action="/report/${report.id}/reject" class="row">${csrf}
            <input name="note" maxlength="500" placeholder="${t.why}" required autocomplete="off" class="grow">
            <button class="danger" id="reject">${t.reject}</button></form>`
        : canReview
          ? html`<form method="post" action="/report/${report.id}/reopen" class="row">${csrf}
              <input name="note" maxlength="500" placeholder="${t.whyOptional}" autocomplete="off"
                class="grow"><button id="reopen">${t.reopen}</button></form>`
          : html`<p class="muted">${t.viewerOnly}</p>`
    }
    ${
      isAdmin
        ? html`<form method="post" action="/report/${report.id}/reprocess"
            class="row">${csrf}<button id="reprocess">${t.reprocess}</button>
            <span class="muted small">${t.reprocessHint}</span></form>`
        : ''
    }
  </section>`;

  const conflictText = (c: (typeof state.conflicts)[number]) =>
    raw(
      t.conflict(
        c.kind === 'corrected',
        escapeHtml(formatValue(c.humanValue)),
        escapeHtml(c.decidedBy),
        escapeHtml(formatValue(c.extractedThen)),
        escapeHtml(formatValue(c.extractedNow)),
      ),
    );
  const conflictAction = `/report/${report.id}/conflict`;
  const conflicts = state.conflicts.length
    ? html`<section class="card conflicts" id="conflicts"><h2>${t.conflicts}</h2><ul>
        ${state.conflicts.map(
          (c) => html`<li data-cell="${c.cellId}"><b>${cellLabel(c.cellId, era)}</b> <code>${c.cellId}</code>:
            ${conflictText(c)}
            ${
              canReview && open
                ? html`<form method="post" action="${conflictAction}" class="inline">${csrf}<input type="hidden"
                    name="cell" value="${c.cellId}"><input type="hidden"
                    name="keep" value="1"><button>${t.keep(formatValue(c.humanValue))}</button></form>
                  <form method="post" action="${conflictAction}" class="inline">${csrf}<input type="hidden"
                    name="cell" value="${c.cellId}"><input type="hidden"
                      name="keep" value="0"><button>${t.take(formatValue(c.extractedNow))}</button></form>`
                : ''
            }</li>`,
        )}</ul></section>`
    : '';

  const quiet = rules.filter((r) => r.state === 'ok' && !r.fixed);
  const ruleHead = (rule: string) => {
    const name = ruleTitle(rule, language).name;
    return html`<span class="dot"></span><span class="rule-title">${name}</span> <code>${rule}</code>`;
  };
  const ruleList = html`<section class="card rules" id="rules"><h2>${t.rules}</h2><ul class="rule-list">
    ${rules.map((r, k) =>
      r.state === 'ok' && !r.fixed
        ? ''
        : html`<li class="rule ${r.state} ${r.fixed ? 'fixed' : ''} ${sel?.rules.includes(k) ? 'hl' : ''}"
          data-rule="${r.rule}" data-index="${k}">
        <div class="rule-name">${ruleHead(r.rule)} <span class="state">${t.ruleState[r.state]}</span></div>
        <p class="rule-explanation muted small">${ruleTitle(r.rule, language).explanation}</p>
        ${
          r.messages.length
            ? html`<ul class="messages">${r.messages.map((m) => html`<li title="${t.selectFirst}">${m}</li>`)}</ul>`
            : ''
        }
      </li>`,
    )}
    ${
      quiet.length
        ? html`<li class="rule ok quiet"><span class="dot"></span><span class="state">${t.noIssue}</span> ${quiet.map(
            (r, k) =>
              html`${k ? ' · ' + '' : ''}<code data-rule="${r.rule}"
            title="${ruleLine(r.rule, language)}">${ruleTitle(r.rule, language).name}</code>`,
          )}</li>`
        : ''
    }
  </ul></section>`;

  const audit = html`<section class="card audit" id="audit"><h2>${t.audit}</h2>
    ${
      state.audit.length === 0
        ? html`<p class="muted">${t.noAction}</p>`
        : html`<table class="list"><thead><tr>${t.auditHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
          ${state.audit.map(
            (e) => html`<tr class="audit-entry" data-action="${e.action}" data-cell="${e.cellId ?? ''}">
              <td class="small">${when(e.at)}</td><td>${e.userName}</td><td>${t.actions[e.action] ?? e.action}</td>
              <td>${
                e.cellId
                  ? html`<a href="/report/${report.id}${query({ cell: e.cellId })}" data-cell="${e.cellId}"
                class="cell-ref">${e.cellId}</a>`
                  : ''
              }</td><td class="change">${auditChange(e, words)}</td><td>${e.reason ?? ''}</td></tr>`,
          )}</tbody></table>`
    }</section>`;

  const data = {
    report: report.id,
    canReview: canReview && open,
    selected,
    flagged,
    cells,
    rules: rules.map((r) => ({ rule: r.rule, cells: r.cells })),
  };

  const swatch = (kind: string, label: string | undefined) => html`<span class="swatch ${kind}"></span> ${label}`;
  const legendBad = html`${swatch('broken', t.legend[0])} ${swatch('lowconf', t.legend[1])}`;
  const legendGood = html`${swatch('corrected', t.legend[2])} ${swatch('selected', t.legend[3])}`;
  const body = html`${header}
    <div class="report-layout">
      <div class="pages" id="pages">${
        imageError ? html`<p class="banner error">${imageError}</p>` : ''
      }${figures.length ? figures : html`<p class="muted">${t.noCell}</p>`}
        <p class="legend small">${legendBad} ${legendGood}</p>
      </div>
      <div class="side">
        <div class="side-top">
          ${panel}
          <div>${ruleList}${actions}</div>
        </div>
        ${conflicts}
        ${reuse}
        ${tables}
        ${audit}
      </div>
    </div>
    ${jsonScript('review-data', data)}`;
  return sendHtml(
    reply,
    o.status ?? 200,
    layout({ title, session, active: 'queue', error: o.error, notice, bodyClass: 'report-page' }, body),
  );
}

export function registerReport(app: FastifyInstance, ctx: UiContext): void {
  const { db } = ctx.deps;

  app.get('/report/:id', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const id = idOf(request);
    if (id === null) return refusal(request, reply, 404, 'no such report', session);
    const q = request.query as Record<string, unknown>;
    return renderReport(ctx, request, reply, session, id, {
      cell: typeof q.cell === 'string' ? q.cell : null,
      done: typeof q.done === 'string' ? q.done : null,
    });
  });

  app.get('/report/:id/page/:n', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const id = idOf(request);
    const rawN = (request.params as { n?: string }).n ?? '';
    const n = /^\d{1,5}$/.test(rawN) ? Number(rawN) : 0;
    const report = id !== null ? await getReport(db, id) : null;
    if (!report || n < 1) return reply.code(404).send({ error: 'no such page' });
    const sizes = await ctx.renderer.sizes(report);
    if (n > sizes.length) return reply.code(404).send({ error: `the report has ${sizes.length} pages` });
    const path = await ctx.renderer.png(report, n);
    // The file's content never changes for its (sha256, page): the browser may keep it.
    return reply
      .header('cache-control', 'private, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .type('image/png')
      .send(createReadStream(path));
  });

  type Handler = (a: {
    session: Session;
    actor: Actor;
    id: number;
    form: Record<string, string>;
    request: FastifyRequest;
  }) => Promise<{ done: string; cell?: string | null }>;
  const action = (path: string, role: 'auditor' | 'admin', handler: Handler): void => {
    app.post(`/report/:id/${path}`, async (request, reply) => {
      const session = await guardAction(ctx.sessions, request, reply, role, refusal);
      if (!session) return reply;
      const id = idOf(request);
      if (id === null) return refusal(request, reply, 404, 'no such report', session);
      const form = formOf(request);
      const actor: Actor = { id: session.user.id, name: session.user.name, role: session.user.role };
      try {
        const r = await handler({ session, actor, id, form, request });
        return reply.redirect(`/report/${id}${query({ cell: r.cell ?? form.cell, done: r.done })}`, 303);
      } catch (err) {
        if (err instanceof ReviewError) {
          const status = statusOfRefusal(err.kind);
          request.log.info({ reportId: id, action: path, status, reason: err.message }, 'review action refused');
          return renderReport(ctx, request, reply, session, id, {
            status,
            error: err.message,
            cell: form.cell ?? null,
          });
        }
        throw err;
      }
    });
  };

  const versionOf = (form: Record<string, string>): number | undefined =>
    /^\d{1,9}$/.test(form.version ?? '') ? Number(form.version) : undefined;
  const seenOf = (form: Record<string, string>): { versionId?: number; value?: string } => ({
    versionId: versionOf(form),
    value: form.seen || undefined,
  });
  const cellOf = (form: Record<string, string>): string => {
    const cell = form.cell ?? '';
    if (!/^[A-Za-z.]{3,100}$/.test(cell)) throw new ReviewError('invalid', 'choose a cell first');
    return cell;
  };

  action('correct', 'auditor', async ({ actor, id, form }) => {
    const cell = cellOf(form);
    const value = parseValueInput(form.value ?? '');
    if (value === undefined)
      throw new ReviewError(
        'invalid',
        `“${(form.value ?? '').slice(0, 30)}” is not a number (use digits, e.g. 12 or 7730.28; — for a blank)`,
      );
    if (!isCorrectionReason(form.reason)) throw new ReviewError('invalid', 'a correction needs a reason: choose one');
    await correctCell(db, ctx.review, id, actor, {
      cellId: cell,
      value,
      reason: form.reason,
      note: form.note,
      seen: seenOf(form),
    });
    return { done: 'correct', cell };
  });

  action('confirm-cell', 'auditor', async ({ actor, id, form }) => {
    const cell = cellOf(form);
    await confirmCell(db, ctx.review, id, actor, { cellId: cell, note: form.note, seen: seenOf(form) });
    return { done: 'confirm-cell', cell };
  });

  action('confirm', 'auditor', async ({ actor, id, form }) => {
    await confirmReport(db, ctx.review, id, actor, { note: form.note, seen: { versionId: versionOf(form) } });
    return { done: 'confirm' };
  });

  action('approve', 'auditor', async ({ actor, id, form }) => {
    await approveReport(db, ctx.review, id, actor, { note: form.note, seen: { versionId: versionOf(form) } });
    return { done: 'approve' };
  });

  action('reject', 'auditor', async ({ actor, id, form }) => {
    await rejectReport(db, ctx.review, id, actor, { note: form.note, seen: { versionId: versionOf(form) } });
    return { done: 'reject' };
  });

  action('reopen', 'auditor', async ({ actor, id, form }) => {
    await reopenReport(db, ctx.review, id, actor, { note: form.note });
    return { done: 'reopen' };
  });

  action('conflict', 'auditor', async ({ actor, id, form }) => {
    const cell = cellOf(form);
    if (form.keep !== '1' && form.keep !== '0')
      throw new ReviewError('invalid', 'keep the decision or take the new value');
    await resolveConflict(db, ctx.review, id, actor, { cellId: cell, keep: form.keep === '1', note: form.note });
    return { done: form.keep === '1' ? 'keep' : 'take', cell };
  });

  action('reprocess', 'admin', async ({ actor, id }) => {
    const report = await reprocessReport(ctx.deps, id, { requestedBy: { name: actor.name, userId: actor.id } });
    if (!report) throw new ReviewError('conflict', 'the report is being extracted already (or does not exist)');
    return { done: 'reprocess' };
  });
}
