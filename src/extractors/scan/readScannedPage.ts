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
import { buildGrids, type Grid } from '../layout/grid.js';
import { mergeSegments, type Edge } from '../layout/lines.js';
import type { TableSettings } from '../layout/settings.js';
import type { Box, PageModel, Word } from '../model.js';
import { estimateSkew, rotateImage, textRunsDown } from './deskew.js';
import { crop, otsuThreshold, type GrayImage } from './image.js';
import type { OcrPool, OcrWord } from './ocr.js';
import { uprightTurns } from './orientation.js';
import { pageImage } from './pageImage.js';
import { readProse, readTableCells } from './passes.js';
import { eraseRuns, findTableLines } from './pixelLines.js';
import { prepareImage, turnPage, type PreparedPage } from './prepare.js';
import type { ScanSettings } from './settings.js';

export interface ScanReadSettings {
  scan: ScanSettings;
  table: TableSettings;
}

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
  return { text: w.text, bbox: [b[0] / pxPerPoint, b[1] / pxPerPoint, b[2] / pxPerPoint, b[3] / pxPerPoint], fontSize: (b[3] - b[1]) / pxPerPoint, confidence: w.confidence, source: 'ocr' };
}

/** A white page with only the pictures in `boxes` on it, each straightened about its centre. */
function picturesOnly(img: GrayImage, boxes: readonly Box[], settings: ScanSettings): GrayImage {
  const data = new Uint8Array(img.data.length).fill(255);
  const skew = { maxSkew: settings.prepare.maxSkew, coarseStep: settings.prepare.coarseStep, fineStep: settings.prepare.fineStep };
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]));
    const y0 = Math.max(0, Math.floor(b[1]));
    const picture = crop(img, x0, y0, Math.min(img.width, Math.ceil(b[2])), Math.min(img.height, Math.ceil(b[3])));
    const straight = rotateImage(picture, estimateSkew(picture, otsuThreshold(picture), skew));
    for (let y = 0; y < straight.height; y++) data.set(straight.data.subarray(y * straight.width, (y + 1) * straight.width), (y0 + y) * img.width + x0);
  }
  return { width: img.width, height: img.height, data };
}

function blankBoxes(img: GrayImage, boxes: readonly Box[]): GrayImage {
  const data = new Uint8Array(img.data);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]));
    const x1 = Math.min(img.width, Math.ceil(b[2]));
    for (let y = Math.max(0, Math.floor(b[1])); y < Math.min(img.height, Math.ceil(b[3])); y++) data.fill(255, y * img.width + x0, y * img.width + x1);
  }
  return { width: img.width, height: img.height, data };
}

/** The table lines of a prepared page and the page with them erased. */
function linesOf(page: PreparedPage, settings: ScanReadSettings): { edges: Edge[]; segments: PageModel['segments']; erased: GrayImage } {
  const lines = findTableLines(page.image, page.pxPerPoint, page, settings.scan.lines, settings.table);
  // Runs reach across the lines they meet by up to the thickest line's half width.
  const reach = Math.ceil((settings.scan.lines.maxThickness * page.pxPerPoint) / 2);
  return { edges: lines.edges, segments: lines.edges, erased: eraseRuns(page.image, lines.runs, reach) };
}

export async function readScannedPage(doc: PDFDocumentProxy, base: PageModel, pool: OcrPool, settings: ScanReadSettings, trace?: (t: ScanTrace) => void): Promise<PageModel> {
  const { image: acquired, pxPerPoint: s, origin } = await pageImage(doc, base.page, settings.scan.acquire);
  // A page whose text layer is sound but for pictures (a table pasted as an image): only the
  // pictures are read, each straightened about its own centre, so it stays where it lies on the
  // page; their words and lines join the text layer's.
  const pictures = base.textQuality === 'pictures' ? (base.pictures ?? []) : null;
  const image = pictures ? picturesOnly(acquired, pictures.map((b) => [b[0] * s, b[1] * s, b[2] * s, b[3] * s] as Box), settings.scan) : acquired;
  let page = prepareImage(image, s, settings.scan.prepare, !pictures);
  let lines = linesOf(page, settings);
  if (!pictures && settings.scan.prepare.detectOrientation) {
    const guess = textRunsDown(lines.erased, page.threshold) ? 1 : 0;
    const turns = await uprightTurns(pool, lines.erased, guess, page.threshold, page.pxPerPoint, settings.scan.prepare.uprightConfidence);
    if (turns !== 0) {
      page = turnPage(page, turns);
      lines = linesOf(page, settings);
    }
  }
  const grids = buildGrids(base.page, mergeSegments(lines.segments, settings.table), [], settings.table, true);
  trace?.({ page: base.page, prepared: page, edges: lines.edges, grids, origin });

  const { erased } = lines;
  const ocr = settings.scan.ocr;
  const prose = blankBoxes(erased, grids.map((g) => [g.bbox[0] * s, g.bbox[1] * s, g.bbox[2] * s, g.bbox[3] * s] as Box));
  const [proseWords, cellWords] = await Promise.all([readProse(pool, prose, page.threshold, ocr.blockGap * s), readTableCells(pool, erased, page.threshold, s, grids, ocr)]);
  // Prose read with almost no confidence is speckle or a page number gone wrong (- 6 - → 二 6),
  // which would stand between the parts of a table split over the page break.
  const words = [...proseWords.filter((w) => w.confidence >= ocr.proseFloor), ...cellWords].map((w) => toWord(w, s));

  if (pictures) return { ...base, words: [...base.words, ...words], segments: [...base.segments, ...lines.segments] };
  return {
    page: base.page,
    width: page.image.width / s,
    height: page.image.height / s,
    words,
    segments: lines.segments,
    imageCoverage: base.imageCoverage,
    textQuality: 'ok',
    source: 'ocr',
    frame: page.frame,
  };
}
