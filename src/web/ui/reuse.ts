/**
 * The report page's text-reuse section: the share of the prose repeating the same agency's
 * report of the year before, with the repeated passages marked (<mark>), and the reports of
 * other agencies of the same year whose prose this one repeats above the threshold (the same
 * report published under two names).
 */
import type { ReportRecord } from '../../schema/record.js';
import { agencyKey } from '../../validate/agency.js';
import { currentRecords, listAgencies, recordsOfYear } from '../../store/agencies.js';
import type { Db } from '../../store/db.js';
import type { Report } from '../../store/reports.js';
import { measureReuse, percent, type Reuse } from '../../validate/textReuse.js';
import { DEFAULT_REUSE_THRESHOLD } from '../../validate/reuse.js';
import { html, type Html } from './html.js';
import type { Messages } from './messages.js';

export interface ReuseFindings {
  previous: { reportId: number; year: number | null; reuse: Reuse | null } | null;
  twins: Array<{ reportId: number; agency: string | null; share: number }>;
}

export async function findReuse(db: Db, report: Report, record: ReportRecord, text: string): Promise<ReuseFindings> {
  const year = record.meta.year;
  // One look at the agencies: which agency each printed name is.
  const agencies = await listAgencies(db);
  const byKey = new Map(agencies.flatMap((a) => a.keys.map((k) => [k, a] as const)));
  const agencyOf = (name: string | null) => byKey.get(agencyKey(name) ?? '') ?? null;
  const agency = agencyOf(record.meta.agency);
  let previous: ReuseFindings['previous'] = null;
  if (year !== null && agency) {
    const before = agency.reports
      .filter((r) => r.year === year - 1 && r.id !== report.id)
      .sort((a, b) => b.id - a.id)[0];
    const [prev] = before ? await currentRecords(db, [before.id]) : [];
    if (prev) previous = { reportId: prev.reportId, year: prev.record.meta.year, reuse: measureReuse(text, prev.text) };
  }
  const twins: ReuseFindings['twins'] = [];
  if (year !== null) {
    for (const other of await recordsOfYear(db, year, report.id)) {
      if (agency && agencyOf(other.agency)?.id === agency.id) continue;
      const r = measureReuse(text, other.text);
      if (r && r.share >= DEFAULT_REUSE_THRESHOLD)
        twins.push({ reportId: other.reportId, agency: other.agency, share: r.share });
    }
  }
  return { previous, twins };
}

/** The prose with the repeated passages marked. */
function markedText(text: string, passages: ReadonlyArray<[number, number]>): Html {
  const parts: Html[] = [];
  let at = 0;
  for (const [a, b] of passages) {
    if (a > at) parts.push(html`${text.slice(at, a)}`);
    parts.push(html`<mark class="reused">${text.slice(a, b)}</mark>`);
    at = b;
  }
  if (at < text.length) parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}

export function reuseSection(found: ReuseFindings, text: string, t: Messages): Html {
  const w = t.report;
  const p = found.previous;
  const share = p?.reuse ? p.reuse.share : null;
  const shareText = p?.reuse ? w.reuseShare(percent(p.reuse.share), p.year === null ? '?' : String(p.year)) : '';
  const flagged = share !== null && share >= DEFAULT_REUSE_THRESHOLD;
  return html`<section class="card reuse ${flagged ? 'warn' : ''}" id="reuse">
    <h2>${w.reuse}</h2>
    ${
      !p
        ? html`<p class="muted">${w.reuseNone}</p>`
        : !p.reuse
          ? html`<p class="muted">${w.reuseShort}</p>`
          : html`<p><b id="reuse-share" data-share="${p.reuse.share.toFixed(4)}">${shareText}</b>
              （<a href="/report/${p.reportId}">#${p.reportId}</a>，${p.reuse.repeated} / ${p.reuse.shingles}）</p>
              <p class="muted small">${w.reuseMarked}</p>
              <details ${flagged ? 'open' : ''}><summary>${w.printed}</summary><div class="prose"
                id="reuse-text">${markedText(text, p.reuse.passages)}</div></details>`
    }
    ${
      found.twins.length
        ? html`<h3>${w.reuseTwins}</h3><ul id="reuse-twins">${found.twins.map(
            (x) =>
              html`<li><a href="/report/${x.reportId}">${x.agency ?? `#${x.reportId}`}</a> ${percent(x.share)}</li>`,
          )}</ul>`
        : ''
    }
  </section>`;
}
