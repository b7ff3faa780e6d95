/**
 * The agency pages (viewer and up; merge and split: admin).
 *
 *   GET  /agencies                        every agency with its reports by year
 *   GET  /agencies/:id                    one agency's series: charts of the key figures by year,
 *                                         the cross-year rules on the chain, the reports
 *   GET  /agencies/:id/charts/:key.(svg|png|csv)
 *   POST /agencies/:id/merge   from=ID    the other agency's names become this one's
 *   POST /agencies/:id/split   key=K      one name key becomes an agency of its own
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FIGURE_LABELS, type Figure } from '../../series/figures.js';
import { percent } from '../../validate/textReuse.js';
import type { SeriesYear } from '../../series/agencySeries.js';
import { AgencyError, listAgencies, mergeAgencies, splitAgency } from '../../store/agencies.js';
import { ruleTitle } from '../../validate/ruleTitles.js';
import { agencySeriesOf } from '../agencies.js';
import { chartFigure, sendChart, type ChartSpec } from './charts.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { html } from './html.js';
import { layout, wordsOf } from './layout.js';
import type { Messages } from './messages.js';
import { formOf, guardAction, guardPage } from './session.js';

const idOf = (request: FastifyRequest): number | null => {
  const raw = (request.params as { id?: string }).id ?? '';
  return /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
};

/** The agency's charts: the figures by year (template terms), documents in force, text reuse. */
export function agencyCharts(series: readonly SeriesYear[], t: Messages): ChartSpec[] {
  const years = series.map((y) => String(y.year));
  const line = (f: Figure) => ({ name: FIGURE_LABELS[f], values: series.map((y) => y.figures[f]) });
  const specs: ChartSpec[] = [
    {
      key: 'applications',
      title:
        `${t.agencies.figures}：${FIGURE_LABELS.newReceived}、${FIGURE_LABELS.granted}、${FIGURE_LABELS.withheld}、` +
        `${FIGURE_LABELS.carriedForward}`,
      categories: years,
      kind: 'bar',
      series: [line('newReceived'), line('granted'), line('withheld'), line('carriedForward')],
    },
    {
      key: 'appeals',
      title: `${FIGURE_LABELS.review}、${FIGURE_LABELS.suit}`,
      categories: years,
      kind: 'bar',
      series: [line('review'), line('suit')],
    },
  ];
  if (series.some((y) => y.figures.inForceRules !== null || y.figures.inForceNormativeDocs !== null)) {
    specs.push({
      key: 'in-force',
      title: '现行有效件数',
      categories: years,
      kind: 'line',
      series: [line('inForceRules'), line('inForceNormativeDocs')],
    });
  }
  if (series.some((y) => y.reuse !== null)) {
    specs.push({
      key: 'reuse',
      title: t.report.reuse,
      categories: years,
      kind: 'bar',
      percent: true,
      series: [{ name: t.agencies.reuse, values: series.map((y) => y.reuse) }],
    });
  }
  return specs;
}

export function registerAgencies(app: FastifyInstance, ctx: UiContext): void {
  const { db } = ctx.deps;

  app.get('/agencies', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const t = wordsOf(session);
    const a = t.agencies;
    const agencies = await listAgencies(db);
    const rows = agencies.map(
      (x) => html`<tr data-agency="${x.id}">
        <td><a href="/agencies/${x.id}" class="agency-link">${x.name}</a></td>
        <td class="small muted">${x.names.join(' · ')}</td>
        <td class="num">${x.reports.length}</td>
        <td class="years">${[...x.reports]
          .sort((p, q) => (p.year ?? 0) - (q.year ?? 0))
          .map(
            (r) =>
              html`<a class="chip year status-${r.status}" href="/report/${r.id}"
                title="${r.agency} · ${r.fileName}">${r.year ?? '?'}</a> `,
          )}</td>
      </tr>`,
    );
    const body = html`<h1>${a.title} <span class="muted">${agencies.length}</span></h1>
      <table class="list agencies"><thead><tr><th>${a.name}</th><th>${a.names}</th><th>${a.reports}</th>
        <th>${a.years}</th></tr></thead>
      <tbody>${rows.length ? rows : html`<tr><td colspan="4" class="muted">${a.none}</td></tr>`}</tbody></table>`;
    return sendHtml(reply, 200, layout({ title: a.title, session, active: 'agencies' }, body));
  });

  app.get('/agencies/:id', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const t = wordsOf(session);
    const a = t.agencies;
    const id = idOf(request);
    const found = id === null ? null : await agencySeriesOf(db, id);
    if (!found) return refusal(request, reply, 404, `no agency ${id ?? ''}`, session);
    const { agency, series } = found;
    const language = session.user.language;
    const q = request.query as Record<string, unknown>;
    const notice = q.done === 'merge' ? a.merged : q.done === 'split' ? a.splitDone : null;
    const charts = agencyCharts(series, t).map((spec) => chartFigure(spec, `/agencies/${agency.id}/charts`, a));

    const chainRows = series.flatMap((y) =>
      y.previousReportId === null
        ? [
            html`<tr class="chain none" data-year="${y.year}"><td>${y.year}</td>
              <td colspan="3" class="muted">${a.noPrevious}</td></tr>`,
          ]
        : y.chain.map(
            (c) => html`<tr class="chain ${c.holds === false ? 'broken' : c.holds ? 'ok' : 'na'}" data-year="${y.year}"
              data-rule="${c.rule}">
              <td>${y.year}</td><td><a href="/report/${y.previousReportId}">${y.year - 1}</a></td>
              <td><span class="rule-title">${ruleTitle(c.rule, language).name}</span> <code>${c.rule}</code></td>
              <td class="result">${
                c.holds === null
                  ? '—'
                  : c.holds
                    ? html`<span class="badge status-passed">${a.ok}</span>`
                    : html`<span class="badge status-flagged">${a.broken}</span> ${c.issues.map(
                        (i) => html`<div class="small">${i.message}</div>`,
                      )}`
              }</td>
            </tr>`,
          ),
    );

    const reportRows = series.map(
      (y) => html`<tr data-year="${y.year}" data-report="${y.reportId}">
        <td>${y.year}</td><td><a href="/report/${y.reportId}">${y.agency ?? `#${y.reportId}`}</a></td>
          <td>${y.era ?? ''}</td>
        <td><span class="badge status-${y.status}">${t.status[y.status]}</span></td>
        <td class="num reuse-share">${y.reuse === null ? '—' : percent(y.reuse)}</td><td>${y.publishedOn ?? ''}</td>
      </tr>`,
    );

    const isAdmin = session.user.role === 'admin';
    const others = isAdmin ? (await listAgencies(db)).filter((x) => x.id !== agency.id) : [];
    const mergeOption = (o: (typeof others)[number]) => html`<option value="${o.id}">${o.name}</option>`;
    const csrf = html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
    const admin = isAdmin
      ? html`<section class="card" id="agency-admin"><h2>${a.keys}</h2>
          <ul>${agency.keys.map(
            (k) =>
              html`<li><code>${k}</code>${
                agency.keys.length > 1
                  ? html` <form method="post" action="/agencies/${agency.id}/split" class="inline">${csrf}
                    <input type="hidden" name="key" value="${k}"><button>${a.split}</button></form>`
                  : ''
              }</li>`,
          )}</ul>
          ${
            others.length
              ? html`<form method="post" action="/agencies/${agency.id}/merge" class="row">${csrf}
                  <select name="from" required>
                    <option value="">${a.mergePick}</option>${others.map(mergeOption)}</select>
                  <button id="merge">${a.merge}</button></form>`
              : ''
          }</section>`
      : '';

    const body = html`<p class="crumbs"><a href="/agencies">← ${a.title}</a></p>
      <h1>${agency.name}</h1>
      <p class="muted small">${a.names}：${agency.names.join(' · ')}</p>
      <section class="card" id="series-reports"><h2>${a.reports}</h2>
        <table class="list"><thead><tr><th>${a.year}</th><th>${a.report}</th><th>${t.queue.era}</th><th>${a.status}</th>
          <th>${a.reuse}</th><th>${a.published}</th></tr></thead><tbody>${reportRows}</tbody></table>
      </section>
      <section class="card" id="chain"><h2>${a.chain}</h2>
        <table class="list"><thead><tr>${a.chainHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
          <tbody>${chainRows}</tbody></table>
      </section>
      <section class="charts" id="charts"><h2>${a.seriesTitle}</h2>${charts}</section>
      ${admin}`;
    return sendHtml(reply, 200, layout({ title: agency.name, session, active: 'agencies', notice }, body));
  });

  app.get('/agencies/:id/charts/:file', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const id = idOf(request);
    const found = id === null ? null : await agencySeriesOf(db, id);
    if (!found) return reply.code(404).send({ error: 'no such agency' });
    const sent = await sendChart(
      reply,
      agencyCharts(found.series, wordsOf(session)),
      (request.params as { file?: string }).file ?? '',
      `agency-${found.agency.id}`,
    );
    return sent ? reply : reply.code(404).send({ error: 'no such chart' });
  });

  const admin = (
    path: string,
    run: (
      id: number,
      form: Record<string, string>,
      actor: { id: number; name: string },
    ) => Promise<{ to: number; done: string }>,
  ): void => {
    app.post(`/agencies/:id/${path}`, async (request, reply) => {
      const session = await guardAction(ctx.sessions, request, reply, 'admin', refusal);
      if (!session) return reply;
      const id = idOf(request);
      if (id === null) return refusal(request, reply, 404, 'no such agency', session);
      try {
        const r = await run(id, formOf(request), { id: session.user.id, name: session.user.name });
        return reply.redirect(`/agencies/${r.to}?done=${r.done}`, 303);
      } catch (err) {
        if (err instanceof AgencyError) return refusal(request, reply, err.status, err.message, session);
        throw err;
      }
    });
  };
  admin('merge', async (id, form, actor) => {
    const from = /^\d{1,9}$/.test(form.from ?? '') ? Number(form.from) : NaN;
    if (!Number.isFinite(from)) throw new AgencyError(400, 'choose the agency to merge in');
    await mergeAgencies(db, id, from, actor);
    return { to: id, done: 'merge' };
  });
  admin('split', async (id, form, actor) => {
    const to = await splitAgency(db, id, (form.key ?? '').slice(0, 200), actor);
    return { to, done: 'split' };
  });
}
