/**
 * A scanned (or garbled) page → the same page model the text layer gives.
 *
 * straighten → ruling lines from pixels → erase them → grid from the lines (the same grid
 * builder as the text path) → four OCR passes:
 *   1. prose: the page with its tables blanked, block by block, chi_sim;
 *   2. numbers: every inked cell in a composite, digits only (eng model, whitelist);
 *   3. labels: cells that did not read as confident numbers, in a composite, chi_sim;
 *   4. rereads: numbers still doubtful, or too narrow or wide for their ink, each read alone
 *      three ways.
 * A cell is a label when pass 3 finds enough Chinese in it; otherwise its number is voted from
 * the readings, and any doubt left (disagreement, ink the digits do not fill) keeps its
 * confidence low so validation flags it: a misread may happen, a silent one may not.
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
import { crop, enlarge, otsuThreshold, pad, repeatAcross, scaleUp, type GrayImage } from './image.js';
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
  /** A number read with less confidence than this is read again on its own. */
  retryConfidence: number;
  /** Labels of a scan below this resolution are read enlarged by a whole factor that reaches it. */
  minLabelDpi: number;
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = { renderDpi: 300, digitWhitelist: '0123456789.-+', numberConfidence: 0.6, inset: 3, maxNumberAspect: 8, retryConfidence: 0.9, minLabelDpi: 200 };

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

/** A white page with only the pictures in `boxes` on it, each straightened about its centre. */
function picturesOnly(img: GrayImage, boxes: readonly Box[]): GrayImage {
  const data = new Uint8Array(img.data.length).fill(255);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]));
    const y0 = Math.max(0, Math.floor(b[1]));
    const picture = crop(img, x0, y0, Math.min(img.width, Math.ceil(b[2])), Math.min(img.height, Math.ceil(b[3])));
    const straight = rotateImage(picture, estimateSkew(picture, otsuThreshold(picture)));
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

export interface Reading {
  words: OcrWord[];
}

/** The padding inkBox puts around a cell's ink. */
const INK_MARGIN = 6;
/** The confidence a reading is capped at when the evidence disagrees: low enough to be flagged. */
const DOUBT = 0.5;
/** A cut's group is grid × GRID_KEY + row: the numbers of a row side by side, tables apart. */
const GRID_KEY = 10_000;
/** Prose words read with less confidence than this are noise, not text. */
const PROSE_FLOOR = 0.3;
const cjkCount = (t: string): number => (t.match(/[\u3400-\u9fff]/gu) ?? []).length;

/**
 * Whether a cell holds a label. Two Chinese characters make a label; a single one does only when
 * it is read with confidence and no number was found, since a doubtful digit often comes out of
 * the Chinese model as one stray character (3 → 过). A short run of ink (≤ 3 digits wide) read
 * as a number, with only a doubtful Chinese reading against it, stays a number.
 */
export function isLabelReading(label: Reading | undefined, number: Reading | undefined, aspect: number): boolean {
  if (!label) return false;
  const cjk = cjkCount(textOf(label));
  const numeric = parseCellValue(textOf(number)).kind === 'number';
  if (cjk >= 2) return !(numeric && confOf(label) < DOUBT && aspect < 2.5);
  return cjk === 1 && !numeric && confOf(label) >= 0.7;
}

/** The width of a digit in units of its height, as a range: one font gives a narrow one. */
export interface DigitWidth {
  low: number;
  high: number;
}

/**
 * Digit width from confident readings: the median of a table's own numbers when it has three
 * or more (one table, one font), else the 10th to 90th percentile over the page (a page may mix
 * fonts: 4119 in Times is wider than the digits of the table below it), else null.
 */
export function typicalDigitWidth(table: readonly { text: string; aspect: number }[], page: readonly { text: string; aspect: number }[]): DigitWidth | null {
  const perDigit = (samples: readonly { text: string; aspect: number }[]): number[] =>
    samples
      .filter((x) => /^\d+$/u.test(x.text))
      .map((x) => x.aspect / x.text.length)
      .sort((a, b) => a - b);
  const own = perDigit(table);
  if (own.length >= 3) {
    const median = own[Math.floor(own.length / 2)]!;
    return { low: median, high: median };
  }
  const all = perDigit(page);
  if (all.length < 5) return null;
  return { low: all[Math.floor(0.1 * (all.length - 1))]!, high: all[Math.ceil(0.9 * (all.length - 1))]! };
}

/** Whether a reading's characters fill the cell's ink: a dropped digit leaves ink unread. */
export function widthFits(text: string, aspect: number, digit: DigitWidth | null): boolean {
  const chars = [...text.replace(/\s/gu, '')];
  if (chars.length === 0) return false;
  const { low, high } = digit ?? { low: 0.65, high: 0.65 };
  // A plus is as wide as a digit in the fonts reports use; a minus a little less; a point half.
  const width = (unit: number): number => chars.reduce((sum, c) => sum + (/[\d+]/u.test(c) ? unit : c === '-' ? 0.7 * unit : 0.5 * unit), 0);
  const slack = digit === null ? 0.8 * high : 0.5 * high;
  return aspect >= width(low) - 0.75 * low && aspect <= width(high) + slack;
}

/**
 * The number a cell holds, from its readings (digit composite, digit rereads, Chinese model),
 * by confidence-weighted vote. Readings that agree raise the confidence to the best of them; a
 * plausible reading that disagrees (and is not outvoted), or ink that does not fit the digits,
 * caps it at DOUBT so a human looks.
 */
export function chooseNumber(readings: readonly (Reading | undefined)[], fits: (text: string) => boolean): { reading: Reading; confidence: number } | null {
  const parsed = readings.flatMap((r) => {
    if (!r || r.words.length === 0) return [];
    const text = textOf(r).replace(/\s/gu, '');
    const v = parseCellValue(text);
    return v.kind === 'number' ? [{ reading: r, text, value: v.value, confidence: confOf(r), fit: fits(text) }] : [];
  });
  if (parsed.length === 0) return null;
  // A reading that leaves ink unread (7 for 77) counts for little against one that fills it.
  const support = (value: number): number => parsed.filter((p) => p.value === value).reduce((sum, p) => sum + p.confidence * (p.fit ? 1 : 0.25), 0);
  const best = [...parsed].sort((a, b) => support(b.value) - support(a.value) || b.confidence - a.confidence)[0]!;
  let confidence = Math.max(...parsed.filter((p) => p.value === best.value).map((p) => p.confidence));
  // Dissent counts when it is itself a plausible reading: one that leaves ink unread (1 for 11)
  // is explained by the dropped digit. A lone weak dissent against two or more confident
  // readings that agree (8 at 0.45 against 0, 0, 0 at 0.96) is outvoted.
  const agreeing = parsed.filter((p) => p.value === best.value && p.fit && p.confidence >= 0.8).length;
  const dissent = parsed.filter((p) => p.value !== best.value && p.fit && p.confidence >= 0.3);
  const outvoted = agreeing >= 2 && dissent.reduce((sum, p) => sum + p.confidence, 0) < 0.25 * support(best.value);
  if (dissent.length > 0 && !outvoted) confidence = Math.min(confidence, DOUBT);
  if (!best.fit) confidence = Math.min(confidence, DOUBT);
  return { reading: best.reading, confidence };
}

/** Rows of ink separated by at least `minGap` blank rows: the blocks of prose on a page. */
export function findTextBlocks(img: GrayImage, threshold: number, minGap: number, minInkPerRow = 3): Box[] {
  const blocks: Box[] = [];
  let start = -1;
  let lastInk = -1;
  const close = (): void => {
    const box = inkBox(img, [0, start - 8, img.width, lastInk + 9], threshold, 12, 8);
    if (box) blocks.push(box);
  };
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    const row = y * img.width;
    for (let x = 0; x < img.width && n < minInkPerRow; x++) if (img.data[row + x]! < threshold) n++;
    if (n < minInkPerRow) continue;
    if (start >= 0 && y - lastInk > minGap) close();
    if (start < 0 || y - lastInk > minGap) start = y;
    lastInk = y;
  }
  if (start >= 0) close();
  return blocks;
}

/**
 * Prose, block by block: one image of a page that is mostly blanked-out table makes the page
 * segmenter lose lone lines (a heading above a table, a page number), so each block is read on
 * its own, with a margin, and its words moved back to page pixels.
 */
async function readProse(pool: OcrPool, img: GrayImage, threshold: number, minGap: number): Promise<OcrWord[]> {
  const margin = 16;
  const blocks = findTextBlocks(img, threshold, minGap);
  const read = await Promise.all(
    blocks.map(async (b) => {
      const words = await pool.recognize(pad(crop(img, b[0], b[1], b[2], b[3]), margin), { psm: 6, lang: 'chi_sim' });
      const dx = Math.max(0, Math.floor(b[0])) - margin;
      const dy = Math.max(0, Math.floor(b[1])) - margin;
      return words.map((w) => ({ ...w, bbox: [w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy] as Box }));
    }),
  );
  return read.flat();
}

/**
 * A doubtful number read again three ways, each one line of digits: alone with a wide margin,
 * at twice the size, and three copies side by side, which must all read alike. Tesseract reads
 * a lone glyph far worse than a line (3 → 8, 7 → nothing); the copies give it a line.
 */
async function rereadNumber(pool: OcrPool, src: GrayImage, box: Box, whitelist: string): Promise<Reading[]> {
  const ink = crop(src, box[0], box[1], box[2], box[3]);
  const params = { psm: 7, whitelist, lang: 'eng' };
  const [alone, large, copies] = await Promise.all([
    pool.recognize(pad(ink, 60), params, 0.01),
    pool.recognize(pad(scaleUp(ink, 2), 40), params, 0.02),
    pool.recognize(pad(repeatAcross(ink, 3, Math.max(30, ink.height)), 20), params, 0.02),
  ]);
  const reading = (text: string, confidence: number): Reading => ({ words: text ? [{ text, bbox: box, confidence }] : [] });
  const joined = (words: readonly OcrWord[]): Reading => reading(words.map((w) => w.text).join(''), Math.min(1, ...words.map((w) => w.confidence)));
  const texts = copies.map((w) => w.text);
  const thrice = texts.length === 3 && new Set(texts).size === 1 ? texts[0]! : texts.length === 1 && /^(.+)\1\1$/u.test(texts[0]!) ? texts[0]!.slice(0, texts[0]!.length / 3) : '';
  return [joined(alone), joined(large), reading(thrice, thrice ? Math.min(...copies.map((w) => w.confidence)) : 0)];
}

/**
 * OCR of a composite, words sorted back to their cells (keys), in source pixels. Each cell's
 * background is flattened to white (no shading) and the composite enlarged `scale` times.
 */
async function readComposite(pool: OcrPool, src: GrayImage, cuts: readonly CellCut[], layout: 'rows' | 'stack', params: Parameters<OcrPool['recognize']>[1], scale: number): Promise<Map<number, Reading>> {
  const out = new Map<number, Reading>();
  if (cuts.length === 0) return out;
  const { image, placements } = composeCells(src, cuts, layout, true);
  const words = await pool.recognize(enlarge(image, scale), params, cuts.length * 0.01);
  for (const found of words) {
    const w = { ...found, bbox: found.bbox.map((v) => v / scale) as Box };
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
  const { image: rendered, pxPerPoint: s } = await pageImage(doc, base.page, settings.renderDpi);
  // A page whose text layer is sound but for pictures (a table pasted as an image): only the
  // pictures are read, each straightened about its own centre, so it stays where it lies on the
  // page; their words and lines join the text layer's.
  const pictures = base.textQuality === 'pictures' ? (base.pictures ?? []) : null;
  const image = pictures ? picturesOnly(rendered, pictures.map((b) => [b[0] * s, b[1] * s, b[2] * s, b[3] * s] as Box)) : rendered;
  const threshold = otsuThreshold(image);
  const angle = pictures ? 0 : estimateSkew(image, threshold);
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
      const ink = inkBox(cleaned, inner, threshold, 12, INK_MARGIN);
      if (!ink) continue;
      const key = cuts.length;
      const group = gi * GRID_KEY + c.row;
      // Labels are read from their ink; numbers from the whole cell, whose white space keeps
      // neighbouring numbers apart in the composite.
      cuts.push({ key, group, box: ink });
      if (ink[2] - ink[0] <= settings.maxNumberAspect * (ink[3] - ink[1])) numberCuts.push({ key, group, box: inner });
    }
  });

  const prose = blankBoxes(cleaned, grids.map((g) => [g.bbox[0] * s, g.bbox[1] * s, g.bbox[2] * s, g.bbox[3] * s] as Box));
  const [proseWords, numbers] = await Promise.all([
    readProse(pool, prose, threshold, 24 * s),
    readComposite(pool, cleaned, numberCuts, 'rows', { psm: 6, whitelist: settings.digitWhitelist, lang: 'eng' }, 1),
  ]);
  const isConfidentNumber = (k: number): boolean => {
    const r = numbers.get(k);
    return parseCellValue(textOf(r)).kind === 'number' && confOf(r) >= settings.numberConfidence;
  };
  const inkAspect = (cut: CellCut): number => (cut.box[2] - cut.box[0] - 2 * INK_MARGIN) / Math.max(1, cut.box[3] - cut.box[1] - 2 * INK_MARGIN);
  const confident = cuts.filter((c) => isConfidentNumber(c.key)).map((c) => ({ grid: Math.floor(c.group / GRID_KEY), text: textOf(numbers.get(c.key)), aspect: inkAspect(c) }));
  const digitWidths = new Map(grids.map((_, gi) => [gi, typicalDigitWidth(confident.filter((x) => x.grid === gi), confident)]));
  const fits = (text: string, cut: CellCut): boolean => widthFits(text, inkAspect(cut), digitWidths.get(Math.floor(cut.group / GRID_KEY)) ?? null);

  // Labels: every cell but the confident numbers whose digits fill their ink. A header the
  // digit model reads with confidence (社会公益组织 in three short lines as 2180) does not fit.
  const labelCuts = cuts.filter((c) => !isConfidentNumber(c.key) || !fits(textOf(numbers.get(c.key)), c));
  // Labels of a low-resolution scan are read enlarged: at 150 dpi a table's small header text
  // (商业企业 in two lines of a narrow cell) comes out as nothing.
  const labelScale = Math.ceil(settings.minLabelDpi / (72 * s));
  const labels = await readComposite(pool, cleaned, labelCuts, 'stack', { psm: 6, lang: 'chi_sim' }, labelScale);

  const numberKeys = new Set(numberCuts.map((c) => c.key));
  const textCells = new Set(cuts.filter((c) => isLabelReading(labels.get(c.key), numbers.get(c.key), inkAspect(c))).map((c) => c.key));
  // A number that is doubtful, or whose ink is too wide or narrow for its digits (a dropped or
  // extra digit), is read again on its own: one cell, one line.
  const retryCuts = cuts.filter((c) => numberKeys.has(c.key) && !textCells.has(c.key) && !(confOf(numbers.get(c.key)) >= settings.retryConfidence && isConfidentNumber(c.key) && fits(textOf(numbers.get(c.key)), c)));
  const retries = new Map<number, Reading[]>();
  await Promise.all(retryCuts.map(async (cut) => retries.set(cut.key, await rereadNumber(pool, cleaned, cut.box, settings.digitWhitelist))));

  // Prose read with almost no confidence is speckle or a page number gone wrong (- 6 - → 二 6),
  // which would stand between the parts of a table split over the page break.
  const words: Word[] = proseWords.filter((w) => w.confidence >= PROSE_FLOOR).map((w) => toWord(w.text, w.bbox, w.confidence, s));
  for (const cut of cuts) {
    const label = labels.get(cut.key);
    const number = numbers.get(cut.key);
    if (textCells.has(cut.key)) {
      for (const w of label!.words) words.push(toWord(w.text, w.bbox, w.confidence, s));
      continue;
    }
    const chosen = chooseNumber([number, ...(retries.get(cut.key) ?? []), label], (t) => fits(t, cut));
    if (chosen) {
      for (const w of chosen.reading.words) words.push(toWord(w.text, w.bbox, Math.min(w.confidence, chosen.confidence), s));
    } else if (numberKeys.has(cut.key) || !label) {
      // Ink that reads as nothing: an empty reading that says it is doubtful, never a silent blank.
      words.push(toWord('', cut.box, 0, s));
    } else {
      for (const w of label.words) words.push(toWord(w.text, w.bbox, Math.min(w.confidence, DOUBT), s));
    }
  }

  if (pictures) return { ...base, words: [...base.words, ...words], segments: [...base.segments, ...segments] };
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
