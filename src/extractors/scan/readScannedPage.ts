/**
 * A scanned (or garbled) page → the same page model the text layer gives, in stages:
 *   acquire (pageImage.ts: the decoded scan, or the page rendered) →
 *   prepare (prepare.ts: flat paper, threshold, straighten) →
 *   lines (pixelLines.ts: the table's ruling lines, erased) →
 *   orientation (orientation.ts: turned upright, lines found again if it was not) →
 *   OCR passes (passes.ts: prose, numbers, labels, rereads) → vote (vote.ts).
 * Coordinates are points of the upright page; `frame` maps them back onto the page as printed.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { centreIn } from '../geometry.js';
import { findAlignedTables } from '../layout/alignment.js';
import { buildGrids, type Grid, type GridCell } from '../layout/grid.js';
import { mergeSegments, type Edge } from '../layout/lines.js';
import type { Box, PageModel, Word } from '../model.js';
import type { ExtractionSettings, ScanSettings } from '../settings.js';
import { estimateSkew, rotateImage, textRunsDown } from './deskew.js';
import { crop, otsuThreshold, type GrayImage } from './image.js';
import type { OcrPool, OcrWord } from './ocr.js';
import { uprightTurns } from './orientation.js';
import { readDroppedGlyphs } from './labelCoverage.js';
import { pageImage } from './pageImage.js';
import { readProse, readTableCells } from './passes.js';
import { parseCellValue } from '../values.js';
import { cjkCount } from './vote.js';
import { eraseRuns, findTableLines } from './pixelLines.js';
import { measureInk, prepareImage, turnPage, type PreparedPage } from './prepare.js';

/** What the reader saw of a page, for `nianbao explain`. */
export interface ScanTrace {
  page: number;
  prepared: PreparedPage;
  edges: Edge[];
  grids: Grid[];
  origin: 'embedded' | 'rendered';
}

function toWord(w: OcrWord, pxPerPoint: number): Word {
  const b = w.bbox;
  return {
    text: w.text,
    bbox: [b[0] / pxPerPoint, b[1] / pxPerPoint, b[2] / pxPerPoint, b[3] / pxPerPoint],
    fontSize: (b[3] - b[1]) / pxPerPoint,
    confidence: w.confidence,
    source: 'ocr',
  };
}

/** A white page with only the pictures in `boxes` on it, each straightened about its centre. */
function picturesOnly(img: GrayImage, boxes: readonly Box[], settings: ScanSettings): GrayImage {
  const data = new Uint8Array(img.data.length).fill(255);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]));
    const y0 = Math.max(0, Math.floor(b[1]));
    const picture = crop(img, x0, y0, Math.min(img.width, Math.ceil(b[2])), Math.min(img.height, Math.ceil(b[3])));
    const straight = rotateImage(picture, estimateSkew(picture, otsuThreshold(picture), settings.prepare));
    for (let y = 0; y < straight.height; y++)
      data.set(straight.data.subarray(y * straight.width, (y + 1) * straight.width), (y0 + y) * img.width + x0);
  }
  return { width: img.width, height: img.height, data };
}

function blankBoxes(img: GrayImage, boxes: readonly Box[]): GrayImage {
  const data = new Uint8Array(img.data);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]));
    const x1 = Math.min(img.width, Math.ceil(b[2]));
    for (let y = Math.max(0, Math.floor(b[1])); y < Math.min(img.height, Math.ceil(b[3])); y++)
      data.fill(255, y * img.width + x0, y * img.width + x1);
  }
  return { width: img.width, height: img.height, data };
}

/** The table lines of a prepared page and the page with them erased. */
function linesOf(
  page: PreparedPage,
  settings: ExtractionSettings,
): { edges: Edge[]; segments: PageModel['segments']; erased: GrayImage } {
  const find = (img: GrayImage, contrast: { ink: number }) =>
    findTableLines(img, page.pxPerPoint, contrast, settings.scan.lines, settings.table);
  const lines = find(page.image, page);
  // Rules printed in red went with the seal: they are looked for in the red ink alone.
  const red = page.red ? find(page.red, measureInk(page.red)) : null;
  const edges = red ? [...lines.edges, ...red.edges] : lines.edges;
  const runs = red ? [...lines.runs, ...red.runs] : lines.runs;
  // Runs reach across the lines they meet by up to the thickest line's half width.
  const reach = Math.ceil((settings.scan.lines.maxThickness * page.pxPerPoint) / 2);
  return { edges, segments: edges, erased: eraseRuns(page.image, runs, reach) };
}

/**
 * Whether the text of a page runs down it (turned by a quarter): from its table cells when it
 * has tables (a cell holds lines of text, so cells are wider than high on an upright page; a
 * table's columns of numbers would fool a projection), else from projection profiles.
 */
export function runsDown(grids: readonly Grid[], erased: GrayImage, threshold: number): boolean {
  const aspects = grids
    .flatMap((g) => g.cells)
    .filter((c) => c.bbox[2] - c.bbox[0] > 8 && c.bbox[3] - c.bbox[1] > 8)
    .map((c) => (c.bbox[2] - c.bbox[0]) / (c.bbox[3] - c.bbox[1]))
    .sort((x, y) => x - y);
  if (aspects.length >= 4) return aspects[Math.floor(aspects.length / 2)]! < 1;
  return textRunsDown(erased, threshold);
}

/** The mean confidence of the Chinese characters read, weighted by their count (-1 when none). */
function chineseConfidence(words: readonly OcrWord[]): number {
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const k = cjkCount(w.text);
    sum += k * w.confidence;
    n += k;
  }
  return n === 0 ? -1 : sum / n;
}

interface PageReading {
  page: PreparedPage;
  lines: ReturnType<typeof linesOf>;
  grids: Grid[];
  words: OcrWord[];
  /** Table cells found without ink, in points of the upright page. */
  blanks: Box[];
}

/**
 * The cells of tables without rules (found, as the layout will find them, from the prose words)
 * that hold a number or nothing, and every cell of a column mostly of numbers (a 4 the page
 * reader took for 了). The page reader reads digits worse than the cell passes and drops lone
 * small ones (a 1 or 2 alone in its column), so these are read again like ruled cells: the ink
 * test, then the digit passes and the vote. Labels keep their prose reading.
 */
function alignedCells(
  pageNumber: number,
  words: readonly Word[],
  settings: ExtractionSettings,
): { values: Grid[]; labels: GridCell[] } {
  const values: Grid[] = [];
  const labels: GridCell[] = [];
  for (const g of findAlignedTables(pageNumber, words, settings)) {
    const kinds = g.cells.map((c) => parseCellValue(c.text).kind);
    const numbers = new Map<number, number>();
    g.cells.forEach((c, k) => {
      const n = kinds[k] === 'number' ? 1 : kinds[k] === 'text' ? -1 : 0;
      numbers.set(c.col, (numbers.get(c.col) ?? 0) + n);
    });
    const isValue = (c: GridCell, k: number): boolean => kinds[k] !== 'text' || (numbers.get(c.col) ?? 0) > 0;
    const cells = g.cells.filter(isValue);
    if (cells.length > 0) values.push({ ...g, cells });
    labels.push(...g.cells.filter((c, k) => !isValue(c, k) && cjkCount(c.text) > 0));
  }
  return { values, labels };
}

/** The OCR passes over a prepared page in the orientation it has. */
async function readPrepared(
  pool: OcrPool,
  page: PreparedPage,
  lines: ReturnType<typeof linesOf>,
  pageNumber: number,
  settings: ExtractionSettings,
): Promise<PageReading> {
  const s = page.pxPerPoint;
  const grids = buildGrids(pageNumber, mergeSegments(lines.segments, settings.table), [], settings, true);
  const ocr = settings.scan.ocr;
  const prose = blankBoxes(
    lines.erased,
    grids.map((g) => [g.bbox[0] * s, g.bbox[1] * s, g.bbox[2] * s, g.bbox[3] * s] as Box),
  );
  const [proseRead, ruled] = await Promise.all([
    readProse(pool, prose, page.threshold, ocr.blockGap * s),
    readTableCells(pool, lines.erased, page.threshold, s, grids, ocr),
  ]);
  // Prose read with almost no confidence is speckle or a page number gone wrong (- 6 - → 二 6),
  // which would stand between the parts of a table split over the page break.
  const kept = proseRead.filter((w) => w.confidence >= ocr.proseFloor);
  const aligned = alignedCells(
    pageNumber,
    kept.map((w) => toWord(w, s)),
    settings,
  );
  const values = await readTableCells(pool, prose, page.threshold, s, aligned.values, ocr);
  // The cells read again are read by those passes only.
  const toPixels = (c: GridCell): Box => c.bbox.map((v) => v * s) as Box;
  const reread = aligned.values.flatMap((g) => g.cells.map(toPixels));
  const proseWords = await readDroppedGlyphs(
    pool,
    prose,
    page.threshold,
    aligned.labels.map(toPixels),
    kept.filter((w) => !reread.some((k) => centreIn(w.bbox, k))),
  );
  return {
    page,
    lines,
    grids,
    words: [...proseWords, ...ruled.words, ...values.words],
    blanks: [...ruled.blanks, ...values.blanks],
  };
}

export async function readScannedPage(
  doc: PDFDocumentProxy,
  base: PageModel,
  pool: OcrPool,
  settings: ExtractionSettings,
  trace?: (t: ScanTrace) => void,
): Promise<PageModel> {
  const { image: acquired, red, pxPerPoint: s, origin } = await pageImage(doc, base.page, settings.scan.acquire);
  // A page whose text layer is sound but for pictures (a table pasted as an image): only the
  // pictures are read, each straightened about its own centre, so it stays where it lies on the
  // page; their words and lines join the text layer's.
  const pictures = base.textQuality === 'pictures' ? (base.pictures ?? []) : null;
  const image = pictures
    ? picturesOnly(
        acquired,
        pictures.map((b) => [b[0] * s, b[1] * s, b[2] * s, b[3] * s] as Box),
        settings.scan,
      )
    : acquired;
  const straight = prepareImage(image, s, settings.scan.prepare, !pictures, pictures ? undefined : red);
  const found = linesOf(straight, settings);
  let reading: PageReading;
  if (pictures || !settings.scan.prepare.detectOrientation)
    reading = await readPrepared(pool, straight, found, base.page, settings);
  else {
    // Read the page the way it seems to face; only a reading that is not confident makes the
    // other ways be tried (by a probe of a few lines each), and the page read again if one wins.
    const grids = buildGrids(base.page, mergeSegments(found.segments, settings.table), [], settings, true);
    const guess = runsDown(grids, found.erased, straight.threshold) ? 1 : 0;
    const first = guess === 0 ? straight : turnPage(straight, guess);
    reading = await readPrepared(pool, first, guess === 0 ? found : linesOf(first, settings), base.page, settings);
    const confidence = chineseConfidence(reading.words);
    const minimum = settings.scan.prepare.uprightConfidence;
    if (confidence >= 0 && confidence < minimum) {
      const turns = await uprightTurns(pool, found.erased, guess, confidence, straight.threshold, s, minimum);
      if (turns !== guess) {
        const turned = turnPage(straight, turns);
        reading = await readPrepared(pool, turned, linesOf(turned, settings), base.page, settings);
      }
    }
  }
  const { page, lines, grids, blanks } = reading;
  trace?.({ page: base.page, prepared: page, edges: lines.edges, grids, origin });
  const words = reading.words.map((w) => toWord(w, s));

  if (pictures)
    return {
      ...base,
      words: [...base.words, ...words],
      segments: [...base.segments, ...lines.segments],
      blanks: [...(base.blanks ?? []), ...blanks],
    };
  return {
    page: base.page,
    width: page.image.width / s,
    height: page.image.height / s,
    words,
    segments: lines.segments,
    imageCoverage: base.imageCoverage,
    textQuality: 'ok',
    source: 'ocr',
    blanks,
    frame: page.frame,
  };
}
