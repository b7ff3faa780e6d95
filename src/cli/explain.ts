/**
 * `nianbao explain FILE --page N --out DIR`: why a page read the way it did. Writes the page as
 * the reader saw it (a scan after turning, straightening and flattening; a text page rendered)
 * as page-N.png, with the ruling lines found (red), the table cells (blue), and each value cell's
 * id, value and confidence (green; amber below the confidence threshold, grey when empty), and
 * the same as page-N.json. After pdfplumber's debug_tablefinder and camelot's plot.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildGrids } from '../extractors/layout/grid.js';
import { mergeSegments } from '../extractors/layout/lines.js';
import { unframePoint } from '../extractors/geometry.js';
import type { Box } from '../extractors/model.js';
import { openPdf } from '../extractors/pdf/document.js';
import { renderPage } from '../extractors/pdf/render.js';
import { extractReport } from '../extractors/pipeline.js';
import { DEFAULT_SETTINGS } from '../extractors/settings.js';
import type { ScanTrace } from '../extractors/scan/readScannedPage.js';
import { ScanReader } from '../extractors/scan/scanReader.js';
import { toGray } from '../extractors/scan/image.js';
import { drawExplanation, type ExplainedCell } from './drawExplanation.js';
import { describeError } from './extract.js';
import { dataDirOf } from '../service/config.js';

const USAGE = `usage: nianbao explain FILE --page N --out DIR [--ocr auto|always|never] [--min-confidence X]
  writes DIR/page-N.png (the page as read, with lines, cells, ids, values, confidence) and DIR/page-N.json`;

/** Pixels per point of the picture drawn for a text page. */
const TEXT_PAGE_SCALE = 2;

export async function runExplain(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      page: { type: 'string' },
      out: { type: 'string', default: 'explain' },
      ocr: { type: 'string', default: 'auto' },
      'min-confidence': { type: 'string', default: '0.8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const file = positionals[0];
  const pageNumber = Number(values.page);
  const ocr = values.ocr;
  if (
    values.help ||
    !file ||
    !Number.isInteger(pageNumber) ||
    pageNumber < 1 ||
    (ocr !== 'auto' && ocr !== 'always' && ocr !== 'never')
  ) {
    out.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const minConfidence = Number(values['min-confidence']);
  const traced: { trace: ScanTrace | null } = { trace: null };
  const scanner = new ScanReader({ dataDir: dataDirOf(process.env) }, (t) => {
    if (t.page === pageNumber) traced.trace = t;
  });
  try {
    const data = new Uint8Array(await readFile(file));
    const { record, pages } = await extractReport(data, {
      fileName: file,
      ocr,
      readScannedPage: scanner.read,
      validation: { confidenceThreshold: minConfidence },
    });
    const model = pages[pageNumber - 1];
    if (!model) {
      process.stderr.write(`${file} has ${pages.length} pages, no page ${pageNumber}\n`);
      return 2;
    }
    const seen = traced.trace;
    // The picture: the prepared scan, or the text page rendered.
    let picture: { width: number; height: number; data: Uint8Array };
    let scale: number;
    if (seen) {
      picture = seen.prepared.image;
      scale = seen.prepared.pxPerPoint;
    } else {
      const doc = await openPdf(data);
      try {
        const page = await doc.getPage(pageNumber);
        picture = await renderPage(doc, page, TEXT_PAGE_SCALE, (c) => toGray(c.width, c.height, c.pixels(), 3));
        scale = TEXT_PAGE_SCALE;
      } finally {
        await doc.destroy();
      }
    }
    const edges = mergeSegments(model.segments, DEFAULT_SETTINGS.table);
    const grids = buildGrids(model.page, edges, model.words, DEFAULT_SETTINGS, true);
    const frame = model.frame;
    const upright = (b: Box): Box => {
      if (!frame) return b;
      const a = unframePoint(b[0], b[1], frame);
      const c = unframePoint(b[2], b[3], frame);
      return [Math.min(a[0], c[0]), Math.min(a[1], c[1]), Math.max(a[0], c[0]), Math.max(a[1], c[1])];
    };
    const cells: ExplainedCell[] = Object.entries(record.cells)
      .filter(([, c]) => c.page === pageNumber)
      .map(([id, c]) => ({
        id,
        value: c.value,
        raw: c.raw,
        confidence: c.confidence,
        source: c.source,
        box: upright(c.bbox as Box),
      }));
    const png = drawExplanation(picture, scale, {
      edges,
      cells: grids.flatMap((g) => g.cells.map((c) => c.bbox)),
      values: cells,
      minConfidence,
    });
    await mkdir(values.out, { recursive: true });
    const base = join(values.out, `page-${pageNumber}`);
    await writeFile(`${base}.png`, png);
    const summary = {
      file,
      page: pageNumber,
      read: seen ? 'ocr' : 'text',
      ...(seen
        ? {
            image: seen.origin,
            pxPerPoint: scale,
            frame: frame ?? null,
            threshold: seen.prepared.threshold,
            ink: seen.prepared.ink,
          }
        : {}),
      lines: {
        horizontal: edges.filter((e) => e.orientation === 'h').length,
        vertical: edges.filter((e) => e.orientation === 'v').length,
      },
      tables: grids.map((g) => ({
        bbox: g.bbox.map((v) => Math.round(v * 10) / 10),
        rows: g.rowCount,
        cols: g.colCount,
        cells: g.cells.length,
      })),
      cells,
      meta: record.meta,
      issues: record.validation.issues,
    };
    await writeFile(`${base}.json`, JSON.stringify(summary, null, 1) + '\n');
    out.write(
      `${base}.png  ${base}.json  (${summary.read}; ${summary.lines.horizontal}+${summary.lines.vertical} lines, ` +
        `${grids.length} tables, ${cells.length} value cells on the page)\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`${file}: ${describeError(err)}\n`);
    return 1;
  } finally {
    await scanner.close();
  }
}
