/**
 * extractReport: the one entry the shells (CLI, workers) call. PDF bytes in, validated record out.
 *
 * PDF → page models → merged ruling lines → grids per page → tables stitched across pages →
 * cell ids (normalise) → record → validation.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Era } from '../schema/cells.js';
import { SCHEMA_VERSION, reportRecordSchema, type ReportRecord } from '../schema/record.js';
import { statusOf, validate, type ValidationOptions } from '../validate/index.js';
import { EXTRACTOR_VERSION } from '../version.js';
import { layoutPages } from './layout/layoutPages.js';
import { stitchTables } from './layout/stitch.js';
import type { PageModel } from './model.js';
import { readPages, textLayerOf, type ReadPagesOptions } from './pdf/readPages.js';
import { detectEra, detectEraFromProse } from './report/era.js';
import { tableHeadings, tableKinds } from './report/tableHeading.js';
import { readPeriodYear, readPublishedOn, readSections, readSignatory, readTitle } from './report/meta.js';
import { normaliseTables } from './report/normalise.js';
import { TableIndex } from './report/tableCells.js';
import { resolveSettings } from './settings.js';

export interface ExtractOptions extends ReadPagesOptions {
  /** Name recorded as source.file (defaults to "report.pdf"). */
  fileName?: string;
  validation?: Partial<ValidationOptions>;
  /** Last year's record of the same agency, when the archive holds it (archive.* rules). */
  previous?: PreviousReport | null;
}

export type PreviousReport = Pick<ReportRecord, 'meta' | 'cells'>;

export interface Extraction {
  record: ReportRecord;
  pages: PageModel[];
  /** The prose outside the tables, kept so validation can re-run later (text.consistency). */
  text: string;
}

/** Builds the record from page models: the pure part of the pipeline. */
export function recordFromPages(
  pages: readonly PageModel[],
  source: { file: string; sha256: string },
  options: ExtractOptions = {},
): { record: ReportRecord; text: string } {
  const settings = resolveSettings(options.settings);
  const { pageGrids, lines } = layoutPages(pages, settings);
  const tables = stitchTables(pageGrids, settings);
  const title = readTitle(lines);
  const prose = lines.map((l) => l.text).join('\n');
  const year = title.year ?? readPeriodYear(prose);
  const texts = tables.map((t) => new TableIndex(t).texts());
  // A table whose words were read but whose grid was not (a scan's rules too faint) leaves its
  // header and labels in the prose: they still tell the era, and report.structure the rest.
  const kinds = tableKinds(texts, tableHeadings(tables, lines));
  const era: Era | null =
    detectEra(texts.flat(), year, kinds) ??
    detectEraFromProse(
      lines.map((l) => l.text),
      year,
    );
  const frames = new Map(pages.flatMap((p) => (p.frame ? [[p.page, p.frame] as const] : [])));
  const blanks = new Map(pages.flatMap((p) => (p.blanks ? [[p.page, p.blanks] as const] : [])));
  const { cells } = normaliseTables(tables, era, frames, year, blanks, kinds);
  const signatory = readSignatory(lines);
  const agency =
    signatory && title.agency && signatory.startsWith(title.agency) ? signatory : (title.agency ?? signatory);
  const meta = { agency, year, era, publishedOn: readPublishedOn(lines) };
  const issues = validate({ meta, cells, text: prose, previous: options.previous ?? null }, options.validation);
  const record = reportRecordSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    source: { file: source.file, sha256: source.sha256, pages: pages.length, textLayer: textLayerOf(pages) },
    meta,
    sections: readSections(lines),
    cells,
    validation: { status: statusOf(issues), issues },
    extractor: { version: EXTRACTOR_VERSION },
  });
  return { record, text: prose };
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The whole extraction of one PDF. Throws PdfReadError for files that are not readable reports. */
export async function extractReport(data: Uint8Array, options: ExtractOptions = {}): Promise<Extraction> {
  // Resolved once: a bad setting fails before the PDF is opened.
  const resolved = { ...options, settings: resolveSettings(options.settings) };
  const pages = await readPages(data, resolved);
  const { record, text } = recordFromPages(
    pages,
    { file: basename(options.fileName ?? 'report.pdf'), sha256: sha256Of(data) },
    resolved,
  );
  return { record, pages, text };
}
