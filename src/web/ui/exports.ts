/**
 * Exports of approved data (viewer and up), filtered like the queue (its status filter aside:
 * only approved reports are exported, with the values as reviewed).
 *
 *   GET /export.csv    long form, one line per cell: report, file, agency, year, era, cell,
 *                      value, source (text | ocr | human), extracted_value, reviewed_by, reviewed_at
 *   GET /export.xlsx   one sheet per table (disclosure, applications, appeals, legacy) in the
 *                      templates' layout, one row per report and table row; corrected values are
 *                      shaded and carry a note (who, why, what was extracted). A first sheet lists
 *                      the reports, a last one ("issues") the rules they break with their names.
 *
 * Text from the reports (agency, file name) that a spreadsheet would take for a formula
 * (= + - @ at the start) is prefixed with an apostrophe in the CSV.
 */
import ExcelJS from 'exceljs';
import { toCsv, type CsvValue } from '../../csv.js';
import type { FastifyInstance } from 'fastify';
import { formatValue, refreshStaleReviews } from '../../review/review.js';
import {
  APPEAL_COLUMNS,
  APPEAL_ROWS,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  DISCLOSURE_COLUMNS,
  DISCLOSURE_ROWS,
  LEGACY_ROWS,
} from '../../schema/cells.js';
import type { Cell } from '../../schema/record.js';
import { approvedReports, reviewCellsOf, type ApprovedReport, type ReviewCell } from '../../store/review.js';
import { ruleTitle } from '../../validate/ruleTitles.js';
import { refusal, type UiContext } from './context.js';
import { parseFilter, type FilterQuery } from './queue.js';
import { guardPage } from './session.js';

export const CSV_HEADER = [
  'report',
  'file',
  'agency',
  'year',
  'era',
  'cell',
  'value',
  'source',
  'extracted_value',
  'reviewed_by',
  'reviewed_at',
] as const;

interface ExportData {
  reports: ApprovedReport[];
  decisions: Map<number, Map<string, ReviewCell>>;
}

async function exportData(ctx: UiContext, f: FilterQuery): Promise<ExportData> {
  await refreshStaleReviews(ctx.deps.db, ctx.review);
  const reports = await approvedReports(ctx.deps.db, {
    year: f.year,
    agency: f.agency,
    rule: f.rule,
    era: f.era,
    source: f.source,
  });
  return {
    reports,
    decisions: await reviewCellsOf(
      ctx.deps.db,
      reports.map((r) => r.id),
    ),
  };
}

const iso = (d: Date | null): string => (d ? d.toISOString() : '');

/** The approved data as CSV, one line per cell (CRLF, as spreadsheets expect). */
export function approvedCsv(data: ExportData): string {
  const rows: CsvValue[][] = [];
  for (const r of data.reports) {
    const decisions = data.decisions.get(r.id);
    for (const [cellId, c] of Object.entries(r.record.cells).sort(([a], [b]) => a.localeCompare(b))) {
      const d = decisions?.get(cellId);
      const corrected = d?.kind === 'corrected';
      rows.push([
        r.id,
        r.fileName,
        r.agency,
        r.year,
        r.era,
        cellId,
        c.value,
        corrected ? 'human' : c.source,
        corrected ? (d.extractedPresent ? (d.extractedValue === null ? '' : d.extractedValue) : '(not read)') : c.value,
        d ? d.userName : r.approvedBy,
        iso(d ? d.createdAt : r.approvedAt),
      ]);
    }
  }
  return toCsv(CSV_HEADER, rows, '\r\n');
}

const DISCLOSURE_COLUMN_IDS = [
  ...new Set([...DISCLOSURE_COLUMNS['2021'], ...DISCLOSURE_COLUMNS['2019']].map((c) => c.id)),
];

interface SheetSpec {
  name: string;
  columns: { id: string; label: string }[];
  /** Row ids of this table for the report (with their labels). */
  rows(r: ApprovedReport): { id: string; label: string }[];
  cellId(row: string, column: string): string;
}

const SHEETS: SheetSpec[] = [
  {
    name: 'disclosure',
    columns: DISCLOSURE_COLUMN_IDS.map((id) => ({
      id,
      label: [...DISCLOSURE_COLUMNS['2021'], ...DISCLOSURE_COLUMNS['2019']].find((c) => c.id === id)!.labels[0]!,
    })),
    rows: (r) =>
      r.era === '2019' || r.era === '2021'
        ? DISCLOSURE_ROWS[r.era].map((x) => ({ id: x.id, label: x.labels[0]! }))
        : [],
    cellId: (row, column) => `disclosure.${row}.${column}`,
  },
  {
    name: 'applications',
    columns: APPLICATION_COLUMNS.map((c) => ({ id: c.id, label: c.labels[0]! })),
    rows: (r) =>
      r.era === '2019' || r.era === '2021'
        ? APPLICATION_ROWS.filter((x) =>
            Object.keys(r.record.cells).some((id) => id.startsWith(`applications.${x.id}.`)),
          ).map((x) => ({ id: x.id, label: x.labels[0]! }))
        : [],
    cellId: (row, column) => `applications.${row}.${column}`,
  },
  {
    name: 'appeals',
    columns: APPEAL_COLUMNS.map((c) => ({ id: c.id, label: c.labels[0]! })),
    rows: (r) =>
      r.era === '2019' || r.era === '2021' ? APPEAL_ROWS.map((x) => ({ id: x.id, label: x.labels[0]! })) : [],
    cellId: (row, column) => `appeals.${row}.${column}`,
  },
  {
    name: 'legacy',
    columns: [{ id: 'value', label: '统计数' }],
    rows: (r) => (r.era === '2008' ? LEGACY_ROWS.map((x) => ({ id: x.id, label: x.labels[0]! })) : []),
    cellId: (row) => `legacy.${row}.value`,
  },
];

const FIXED = ['report', 'agency', 'year', 'era', 'row', 'label'];

/** A sheet of one row per item under a bold, frozen header of named columns. */
function listSheet(wb: ExcelJS.Workbook, name: string, columns: Partial<ExcelJS.Column>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  return ws;
}

export async function toXlsx(data: ExportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  wb.created = new Date();
  const bold = { bold: true };
  const corrected: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE68A' } };

  const list = listSheet(wb, 'reports', [
    { header: 'report', key: 'id', width: 8 },
    { header: 'file', key: 'file', width: 36 },
    { header: 'agency', key: 'agency', width: 30 },
    { header: 'year', key: 'year', width: 8 },
    { header: 'era', key: 'era', width: 6 },
    { header: 'approved_by', key: 'by', width: 14 },
    { header: 'approved_at', key: 'at', width: 22 },
    { header: 'corrections', key: 'corrections', width: 12 },
  ]);
  for (const r of data.reports) {
    const n = [...(data.decisions.get(r.id)?.values() ?? [])].filter((d) => d.kind === 'corrected').length;
    list.addRow({
      id: r.id,
      file: r.fileName,
      agency: r.agency ?? '',
      year: r.year ?? '',
      era: r.era ?? '',
      by: r.approvedBy ?? '',
      at: iso(r.approvedAt),
      corrections: n,
    });
  }

  for (const spec of SHEETS) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: FIXED.length }] });
    const header = ws.addRow([...FIXED, ...spec.columns.map((c) => c.id)]);
    header.font = bold;
    // The template's wording of each column, as the header cells' notes.
    spec.columns.forEach((c, k) => (header.getCell(FIXED.length + k + 1).note = c.label));
    ws.getColumn(6).width = 36;
    for (const r of data.reports) {
      const decisions = data.decisions.get(r.id);
      for (const row of spec.rows(r)) {
        const values = spec.columns.map((c) => r.record.cells[spec.cellId(row.id, c.id)] as Cell | undefined);
        if (values.every((v) => v === undefined)) continue;
        const added = ws.addRow([
          r.id,
          r.agency ?? '',
          r.year ?? '',
          r.era ?? '',
          row.id,
          row.label,
          ...values.map((v) => (v && v.value !== null ? v.value : null)),
        ]);
        spec.columns.forEach((c, k) => {
          const d = decisions?.get(spec.cellId(row.id, c.id));
          if (d?.kind !== 'corrected') return;
          const cell = added.getCell(FIXED.length + k + 1);
          cell.fill = corrected;
          cell.note =
            `corrected by ${d.userName}: ${d.reason} (extracted ` +
            `${formatValue(d.extractedPresent ? d.extractedValue : undefined)})`;
        });
      }
    }
  }
  // The rules each report breaks (as reviewed), with their names and explanations.
  const issues = listSheet(wb, 'issues', [
    { header: 'report', key: 'id', width: 8 },
    { header: 'agency', key: 'agency', width: 30 },
    { header: 'year', key: 'year', width: 8 },
    { header: 'rule', key: 'rule', width: 22 },
    { header: 'rule_name', key: 'name', width: 40 },
    { header: 'explanation', key: 'explanation', width: 60 },
    { header: 'severity', key: 'severity', width: 9 },
    { header: 'message', key: 'message', width: 60 },
  ]);
  for (const r of data.reports) {
    for (const i of r.record.validation.issues) {
      const t = ruleTitle(i.rule, 'zh');
      issues.addRow({
        id: r.id,
        agency: r.agency ?? '',
        year: r.year ?? '',
        rule: i.rule,
        name: t.name,
        explanation: t.explanation,
        severity: i.severity,
        message: i.message,
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function fileName(ext: string): string {
  return `nianbao-approved-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

export function registerExports(app: FastifyInstance, ctx: UiContext): void {
  app.get('/export.csv', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const { filter } = parseFilter(request.query);
    const csv = approvedCsv(await exportData(ctx, filter));
    return reply
      .header('content-disposition', `attachment; filename="${fileName('csv')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .type('text/csv; charset=utf-8')
      .send('\ufeff' + csv);
  });

  app.get('/export.xlsx', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'viewer', refusal);
    if (!session) return reply;
    const { filter } = parseFilter(request.query);
    const xlsx = await toXlsx(await exportData(ctx, filter));
    return reply
      .header('content-disposition', `attachment; filename="${fileName('xlsx')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(xlsx);
  });
}
