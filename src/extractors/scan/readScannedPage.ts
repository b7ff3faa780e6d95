/**
 * A scanned (or garbled) page → the same page model the text layer gives.
 *
 * straighten → ruling lines from pixels → erase them → grid from the lines (the same grid
 * builder as the text path) → three OCR passes:
 *   1. prose: the page with its tables blanked, chi_sim;
 *   2. numbers: every inked cell in a composite, digits only (eng model, whitelist);
 *   3. labels: cells that did not read as confident numbers, in a composite, chi_sim.
 * A cell is a label when pass 3 finds Chinese in it; otherwise it holds pass 2's number. When
 * both models read the same digits, the better confidence stands.
 * Coordinates are points in the straightened frame; `frame` maps them back to the page.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildGrids, groupConnectedEdges } from '../layout/grid.js';
import { mergeSegments, type Edge } from '../layout/lines.js';
import { DEFAULT_TABLE_SETTINGS } from '../layout/settings.js';
import type { Box, PageModel, Word } from '../model.js';
import { parseCellValue } from '../report/values.js';
import { composeCells, inkBox, placementOf, toSource, type CellCut } from './composite.js';
import { estimateSkew, rotateImage } from './deskew.js';
import { otsuThreshold, type GrayImage } from './image.js';
import type { OcrPool, OcrWord } from './ocr.js';
import { pageImage } from './pageImage.js';
import { eraseRuns, findLineRuns, runsToSegments, type Run } from './pixelLines.js';

export interface ScanSettings {
  /** Resolution for pages that must be rendered (embedded scans are used as they are). */
  renderDpi: number;
  /** Characters the number pass may read. */
  digitWhitelist: string;
  /** A number read with less confidence than this is also read as a label. */
  numberConfidence: number;
  /** Pixels kept clear of a cell's borders when it is cut out. */
  inset: number;
  /** Ink wider than this many times its height is text, not a number. */
  maxNumberAspect: number;
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = { renderDpi: 300, digitWhitelist: '0123456789.-+', numberConfidence: 0.6, inset: 3, maxNumberAspect: 8 };

const CJK = /[\u3400-\u9fff]/u;

/** Runs that lie on a table's edges (not strokes of large glyphs): only these are erased. */
function runsOnEdges(runs: readonly Run[], edges: readonly Edge[], pxPerPoint: number, tolerance: number): Run[] {
  return runs.filter((r) => {
    const at = (r.at + 0.5) / pxPerPoint;
    const from = r.from / pxPerPoint;
    const to = r.to / pxPerPoint;
    return edges.some((e) => e.orientation === r.orientation && Math.abs(e.at - at) <= tolerance && from >= e.from - tolerance && to <= e.to + tolerance);
  });
}

function toWord(text: string, box: Box, confidence: number, pxPerPoint: number): Word {
  return {
    text,
    bbox: [box[0] / pxPerPoint, box[1] / pxPerPoint, box[2] / pxPerPoint, box[3] / pxPerPoint],
    fontSize: (box[3] - box[1]) / pxPerPoint,
    confidence,
    source: 'ocr',
  };
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

interface Reading {
  words: OcrWord[];
}

/** OCR of a composite, words sorted back to their cells (keys), in source pixels. */
async function readComposite(pool: OcrPool, src: GrayImage, cuts: readonly CellCut[], layout: 'rows' | 'stack', params: Parameters<OcrPool['recognize']>[1]): Promise<Map<number, Reading>> {
  const out = new Map<number, Reading>();
  if (cuts.length === 0) return out;
  const { image, placements } = composeCells(src, cuts, layout);
  const words = await pool.recognize(image, params, cuts.length * 0.01);
  for (const w of words) {
    const p = placementOf(placements, w.bbox);
    if (!p) continue;
    const r = out.get(p.key) ?? { words: [] };
    r.words.push({ ...w, bbox: toSource(p, w.bbox) });
    out.set(p.key, r);
  }
  return out;
}

const textOf = (r: Reading | undefined): string => (r ? r.words.map((w) => w.text).join('') : '');
const confOf = (r: Reading | undefined): number => (r && r.words.length ? Math.min(...r.words.map((w) => w.confidence)) : 0);

export async function readScannedPage(doc: PDFDocumentProxy, base: PageModel, pool: OcrPool, settings = DEFAULT_SCAN_SETTINGS): Promise<PageModel> {
  const { image, pxPerPoint: s } = await pageImage(doc, base.page, settings.renderDpi);
  const threshold = otsuThreshold(image);
  const angle = estimateSkew(image, threshold);
  const straight = rotateImage(image, angle);
  const runs = findLineRuns(straight, threshold, s);
  const edges = groupConnectedEdges(mergeSegments(runsToSegments(runs, s)), DEFAULT_TABLE_SETTINGS.intersectionTolerance).flat();
  const tableRuns = runsOnEdges(runs, edges, s, DEFAULT_TABLE_SETTINGS.snapTolerance + 1);
  const cleaned = eraseRuns(straight, tableRuns);
  const segments = runsToSegments(tableRuns, s);
  const grids = buildGrids(base.page, mergeSegments(segments), [], DEFAULT_TABLE_SETTINGS, true);

  // Cells with ink, cut around their ink (just inside their borders). A line of ink much wider
  // than high is a label, never a number: it skips the number pass.
  const cuts: CellCut[] = [];
  const numberCuts: CellCut[] = [];
  grids.forEach((g, gi) => {
    for (const c of g.cells) {
      const inner: Box = [c.bbox[0] * s + settings.inset, c.bbox[1] * s + settings.inset, c.bbox[2] * s - settings.inset, c.bbox[3] * s - settings.inset];
      if (inner[2] - inner[0] < 4 || inner[3] - inner[1] < 4) continue;
      const ink = inkBox(cleaned, inner, threshold, 12, 6);
      if (!ink) continue;
      const key = cuts.length;
      const group = gi * 10_000 + c.row;
      // Labels are read from their ink; numbers from the whole cell, whose white space keeps
      // neighbouring numbers apart in the composite.
      cuts.push({ key, group, box: ink });
      if (ink[2] - ink[0] <= settings.maxNumberAspect * (ink[3] - ink[1])) numberCuts.push({ key, group, box: inner });
    }
  });

  const prose = blankBoxes(cleaned, grids.map((g) => [g.bbox[0] * s, g.bbox[1] * s, g.bbox[2] * s, g.bbox[3] * s] as Box));
  const [proseWords, numbers] = await Promise.all([
    pool.recognize(prose, { psm: 6, lang: 'chi_sim' }),
    readComposite(pool, cleaned, numberCuts, 'rows', { psm: 6, whitelist: settings.digitWhitelist, lang: 'eng' }),
  ]);
  const isConfidentNumber = (k: number): boolean => {
    const r = numbers.get(k);
    return parseCellValue(textOf(r)).kind === 'number' && confOf(r) >= settings.numberConfidence;
  };
  const labelCuts = cuts.filter((c) => !isConfidentNumber(c.key));
  const labels = await readComposite(pool, cleaned, labelCuts, 'stack', { psm: 6, lang: 'chi_sim' });

  const words: Word[] = proseWords.map((w) => toWord(w.text, w.bbox, w.confidence, s));
  for (const cut of cuts) {
    const label = labels.get(cut.key);
    const number = numbers.get(cut.key);
    if (label && CJK.test(textOf(label))) {
      for (const w of label.words) words.push(toWord(w.text, w.bbox, w.confidence, s));
    } else if (number) {
      // Two models reading the same digits is better evidence than either alone.
      const agree = label && textOf(label).replace(/\s/g, '') === textOf(number);
      const boost = agree ? confOf(label) : 0;
      for (const w of number.words) words.push(toWord(w.text, w.bbox, Math.max(w.confidence, boost), s));
    } else if (label) {
      for (const w of label.words) words.push(toWord(w.text, w.bbox, w.confidence, s));
    }
  }

  return {
    page: base.page,
    width: base.width,
    height: base.height,
    words,
    segments,
    imageCoverage: base.imageCoverage,
    textQuality: 'ok',
    source: 'ocr',
    frame: { angle, cx: image.width / 2 / s, cy: image.height / 2 / s },
  };
}
