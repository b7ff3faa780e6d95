/**
 * Per-agency series of approved data (viewer and up), filtered like the queue: one row per
 * agency and year, with the key figures (src/series/figures.ts), the cross-year checks on the
 * chain, the text-reuse share and the rules with their names (src/validate/ruleTitles.ts).
 *
 *   GET /export/series.csv    (the CSV writer of ./exports.ts: formulas defused)
 *   GET /export/series.xlsx   one sheet "series", the same columns
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { refreshStaleReviews } from '../../review/review.js';
import { agencySeries } from '../../series/agencySeries.js';
import { FIGURE_LABELS, FIGURES } from '../../series/figures.js';
import { agencyKey } from '../../validate/agency.js';
import { currentRecords, listAgencies } from '../../store/agencies.js';
import type { Db } from '../../store/db.js';
import { approvedReports } from '../../store/review.js';
import { ruleTitle } from '../../validate/ruleTitles.js';
import { refusal, type UiContext } from './context.js';
import { toCsv } from '../../csv.js';
import { parseFilter, type FilterQuery } from './queue.js';
import { guardPage } from './session.js';

export const SERIES_HEADER = [
  'agency_id',
  'agency',
  'year',
  'report',
  'printed_agency',
  'era',
  ...FIGURES,
  'carry_over',
  'in_force',
  'text_reuse',
  'rules',
  'rule_names',
] as const;

type Value = string | number | null;

/** The rows: approved reports grouped by agency, each agency's years in order. */
export async function seriesRows(db: Db, f: FilterQuery): Promise<Value[][]> {
  const approved = await approvedReports(db, {
    year: f.year,
    agency: f.agency,
    rule: f.rule,
    era: f.era,
    source: f.source,
  });
  const texts = new Map(
    (
      await currentRecords(
        db,
        approved.map((r) => r.id),
      )
    ).map((r) => [r.reportId, r.text]),
  );
  const agencies = await listAgencies(db);
  const agencyOfKey = new Map(agencies.flatMap((a) => a.keys.map((k) => [k, a] as const)));
  const groups = new Map<
    number,
    { name: string; entries: Array<{ reportId: number; record: (typeof approved)[number]['record']; text: string }> }
  >();
  for (const r of approved) {
    const a = agencyOfKey.get(agencyKey(r.record.meta.agency) ?? '');
    if (!a) continue;
    const g = groups.get(a.id) ?? { name: a.name, entries: [] };
    g.entries.push({ reportId: r.id, record: r.record, text: texts.get(r.id) ?? '' });
    groups.set(a.id, g);
  }
  const holds = (h: boolean | null | undefined): string => (h === undefined || h === null ? '' : h ? 'ok' : 'broken');
  const rows: Value[][] = [];
  for (const [id, g] of [...groups].sort(([, x], [, y]) => x.name.localeCompare(y.name, 'zh-Hans-CN'))) {
    for (const y of agencySeries(g.entries)) {
      const record = g.entries.find((e) => e.reportId === y.reportId)!.record;
      const rules = [...new Set(record.validation.issues.map((i) => i.rule))].sort();
      rows.push([
        id,
        g.name,
        y.year,
        y.reportId,
        y.agency,
        y.era,
        ...FIGURES.map((k) => y.figures[k]),
        holds(y.chain.find((c) => c.rule === 'archive.carryOver')?.holds),
        holds(y.chain.find((c) => c.rule === 'archive.inForce')?.holds),
        y.reuse === null ? null : Math.round(y.reuse * 10000) / 10000,
        rules.join(' '),
        rules.map((r) => ruleTitle(r, 'zh').name).join('；'),
      ]);
    }
  }
  return rows;
}

export function seriesCsv(rows: readonly Value[][]): string {
  return toCsv(SERIES_HEADER, rows);
}

export async function seriesXlsx(rows: readonly Value[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const ws = wb.addWorksheet('series', { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  const header = ws.addRow([...SERIES_HEADER]);
  header.font = { bold: true };
  // The template's words for each figure, as the header cells' notes.
  FIGURES.forEach((f) => (header.getCell(SERIES_HEADER.indexOf(f) + 1).note = FIGURE_LABELS[f]));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const fileName = (ext: string): string => `nianbao-series-${new Date().toISOString().slice(0, 10)}.${ext}`;

export function registerSeriesExport(app: FastifyInstance, ctx: UiContext): void {
  app.get('/export/series.csv', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    await refreshStaleReviews(ctx.deps.db, ctx.review);
    const rows = await seriesRows(ctx.deps.db, parseFilter(request.query).filter);
    return reply
      .header('content-disposition', `attachment; filename="${fileName('csv')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .type('text/csv; charset=utf-8')
      .send('\ufeff' + seriesCsv(rows));
  });
  app.get('/export/series.xlsx', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    await refreshStaleReviews(ctx.deps.db, ctx.review);
    const rows = await seriesRows(ctx.deps.db, parseFilter(request.query).filter);
    return reply
      .header('content-disposition', `attachment; filename="${fileName('xlsx')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await seriesXlsx(rows));
  });
}
