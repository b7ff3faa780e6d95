/**
 * The OCR passes over a prepared page (upright, straightened, flat paper, table lines erased):
 *   1. prose: the page with its tables blanked, block by block, chi_sim;
 *   2. numbers: every inked cell in a composite, digits only (eng model, whitelist);
 *   3. labels: cells that did not read as confident numbers, in a composite, chi_sim;
 *   4. rereads: numbers still doubtful, or too narrow or wide for their ink, each read alone
 *      three ways.
 * Then each cell's readings are voted (vote.ts). Coordinates are pixels of the prepared page.
 */
import type { Grid } from '../layout/grid.js';
import type { Box } from '../model.js';
import { parseCellValue } from '../values.js';
import { compositeBatches, composeCells, inkBox, placementOf, toSource, type CellCut } from './composite.js';
import { cellInk, type CellInk } from './ink.js';
import { meanStrokeWidth, thickenStrokes } from './strokes.js';
import { crop, deepenInk, enlarge, pad, repeatAcross, type GrayImage } from './image.js';
import type { OcrPool, OcrWord } from './ocr.js';
import type { OcrPassSettings } from '../settings.js';
import {
  chooseNumber,
  cjkCount,
  confOf,
  DOUBT,
  isLabelReading,
  textOf,
  typicalDigitWidth,
  widthFits,
  type Reading,
} from './vote.js';

/** The padding put around a cell's ink, pixels. */
const INK_MARGIN = 6;
/** A composite is read in parts no higher than this (pixels, as read). */
const MAX_COMPOSITE_HEIGHT = 12_000;
/** A cut's group is grid × GRID_KEY + row: the numbers of a row side by side, tables apart. */
const GRID_KEY = 10_000;
/** Ink in this many lines one above the other is text printed down a cell, never a number. */
const STACKED_LINES = 3;

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

/** A part of the page (a box of pixels) read on its own with a white margin, words in page pixels. */
export async function readAlone(
  pool: OcrPool,
  img: GrayImage,
  box: Readonly<Box>,
  params: Parameters<OcrPool['recognize']>[1],
  margin: number,
): Promise<OcrWord[]> {
  const words = await pool.recognize(pad(crop(img, box[0], box[1], box[2], box[3]), margin), params);
  const dx = Math.max(0, Math.floor(box[0])) - margin;
  const dy = Math.max(0, Math.floor(box[1])) - margin;
  return words.map((w) => ({ ...w, bbox: [w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy] as Box }));
}

/**
 * Prose, block by block: one image of a page that is mostly blanked-out table makes the page
 * segmenter lose lone lines (a heading above a table, a page number), so each block is read on
 * its own, with a margin, and its words moved back to page pixels.
 */
export async function readProse(pool: OcrPool, img: GrayImage, threshold: number, minGap: number): Promise<OcrWord[]> {
  const blocks = findTextBlocks(img, threshold, minGap);
  const read = await Promise.all(blocks.map((b) => readAlone(pool, img, b, { psm: 6, lang: 'chi_sim' }, 16)));
  return read.flat();
}

/**
 * A doubtful number read again, each way one line of digits: alone with a wide margin, enlarged
 * twice and to about 60 px high (bilinear: nearest-neighbour steps read as other digits), and
 * three copies side by side, which must all read alike; a single glyph also as one character.
 * Tesseract reads a lone small glyph far worse than a line (3 → 8, 1 → nothing).
 */
async function rereadNumber(
  pool: OcrPool,
  src: GrayImage,
  box: Box,
  whitelist: string,
  glyphs: number,
): Promise<Reading[]> {
  // Faint strokes deepened first: tesseract's own threshold drops the light diagonal of a 4 (→ 1).
  const ink = deepenInk(crop(src, box[0], box[1], box[2], box[3]));
  const params = { psm: 7, whitelist, lang: 'eng' };
  // Enlarged twice, and until the glyphs are about 60 px high: tesseract reads some small lone
  // digits only at one of the two (a 20 px 7 at twice, a 21 px 1 at three times).
  const factor = Math.max(3, Math.ceil(60 / Math.max(1, ink.height - 2 * INK_MARGIN)));
  const twice = enlarge(ink, 2);
  const [alone, big, bigger, copies, single] = await Promise.all([
    pool.recognize(pad(ink, 60), params, 0.01),
    pool.recognize(pad(twice, 40), params, 0.02),
    pool.recognize(pad(enlarge(ink, factor), 40), params, 0.02),
    pool.recognize(pad(repeatAcross(ink, 3, Math.max(30, ink.height)), 20), params, 0.02),
    // One glyph (a lone 1 or 7, which a line reading often drops): read as a single character.
    glyphs === 1 ? pool.recognize(pad(twice, 40), { ...params, psm: 10 }, 0.02) : Promise.resolve([]),
  ]);
  const reading = (text: string, confidence: number): Reading => ({
    words: text ? [{ text, bbox: box, confidence }] : [],
  });
  const joined = (words: readonly OcrWord[]): Reading =>
    reading(words.map((w) => w.text).join(''), Math.min(1, ...words.map((w) => w.confidence)));
  const texts = copies.map((w) => w.text);
  const thrice =
    texts.length === 3 && new Set(texts).size === 1
      ? texts[0]!
      : texts.length === 1 && /^(.+)\1\1$/u.test(texts[0]!)
        ? texts[0]!.slice(0, texts[0]!.length / 3)
        : '';
  const readings = [
    joined(alone),
    joined(big),
    joined(bigger),
    reading(thrice, thrice ? Math.min(...copies.map((w) => w.confidence)) : 0),
  ];
  return glyphs === 1 ? [...readings, joined(single)] : readings;
}

/**
 * OCR of a composite, words sorted back to their cells (keys), in source pixels. Each cell's
 * background is flattened to white (no shading) and the composite enlarged `scale` times.
 */
async function readComposite(
  pool: OcrPool,
  src: GrayImage,
  cuts: readonly CellCut[],
  layout: 'rows' | 'stack',
  params: Parameters<OcrPool['recognize']>[1],
  scale: number,
): Promise<Map<number, Reading>> {
  const out = new Map<number, Reading>();
  const batches = compositeBatches(cuts, layout, MAX_COMPOSITE_HEIGHT / scale);
  await Promise.all(
    batches.map(async (batch) => {
      const { image, placements } = composeCells(src, batch, layout, true);
      const words = await pool.recognize(enlarge(image, scale), params, batch.length * 0.01);
      for (const found of words) {
        const w = { ...found, bbox: found.bbox.map((v) => v / scale) as Box };
        const p = placementOf(placements, w.bbox);
        if (!p) continue;
        const r = out.get(p.key) ?? { words: [] };
        r.words.push({ ...w, bbox: toSource(p, w.bbox) });
        out.set(p.key, r);
      }
    }),
  );
  return out;
}

/** The unit after a number as the Chinese model read a cell (元 of 75394432.52元), or null. */
export function unitAfterNumber(text: string): string | null {
  const m = /^[+-]?\d[\d.,]*([\u3400-\u9fff]{1,3})$/u.exec(text.replace(/\s/gu, ''));
  return m ? m[1]! : null;
}

/** What the cell passes found: words in image pixels, and the cells the ink test found blank. */
export interface CellReading {
  words: OcrWord[];
  /** Boxes (points, as the grids give them) of the cells without ink. */
  blanks: Box[];
}

/**
 * Passes 2–4 and the vote over the cells of the page's grids (boxes in points, `s` pixels per
 * point). Returns the words of every inked cell: its label, its voted number with the vote's
 * confidence, or an empty word at confidence 0 where ink read as nothing (never a silent blank);
 * and the boxes of the cells with no ink, the only cells that may be read as blank for sure.
 */
export async function readTableCells(
  pool: OcrPool,
  img: GrayImage,
  threshold: number,
  s: number,
  grids: readonly Grid[],
  settings: OcrPassSettings,
): Promise<CellReading> {
  // Cells with ink, cut around their ink (just inside their borders). A line of ink much wider
  // than high is a label, never a number: it skips the number pass.
  const cuts: CellCut[] = [];
  const numberCuts: CellCut[] = [];
  const inks = new Map<number, CellInk>();
  const blanks: Box[] = [];
  const inset = Math.max(1, settings.inset * s);
  grids.forEach((g, gi) => {
    for (const c of g.cells) {
      const inner: Box = [c.bbox[0] * s + inset, c.bbox[1] * s + inset, c.bbox[2] * s - inset, c.bbox[3] * s - inset];
      // A sliver between two rules can hold no glyph: blank as surely as one without ink.
      const found =
        inner[2] - inner[0] < 4 || inner[3] - inner[1] < 4 ? null : cellInk(img, inner, threshold, 12, INK_MARGIN);
      if (!found) {
        blanks.push(c.bbox);
        continue;
      }
      const ink = found.box;
      const key = cuts.length;
      inks.set(key, found);
      const group = gi * GRID_KEY + c.row;
      // Labels are read from their ink; numbers from the whole cell, whose white space keeps
      // neighbouring numbers apart in the composite.
      cuts.push({ key, group, box: ink });
      if (ink[2] - ink[0] <= settings.maxNumberAspect * (ink[3] - ink[1])) numberCuts.push({ key, group, box: inner });
    }
  });

  // Below 200 dpi the glyphs are small for tesseract: both composites are read enlarged.
  const scale = Math.ceil(settings.minReadDpi / (72 * s));
  // Thin strokes (a 1-bit page at 150 dpi keeps a 1 px stroke only in pieces) are read one pixel
  // thicker; the ink test above saw them as scanned, so thickened speckle never fills a blank cell.
  // A page with no cells to read (no table without rules) is not measured.
  const thin = cuts.length > 0 && meanStrokeWidth(img, threshold, Math.ceil(1.5 * s)) < settings.thinStroke;
  const read = thin ? thickenStrokes(img) : img;
  const numbers = await readComposite(
    pool,
    read,
    numberCuts,
    'rows',
    { psm: 6, whitelist: settings.digitWhitelist, lang: 'eng' },
    scale,
  );
  const isConfidentNumber = (k: number): boolean => {
    const r = numbers.get(k);
    return parseCellValue(textOf(r)).kind === 'number' && confOf(r) >= settings.numberConfidence;
  };
  const inkAspect = (cut: CellCut): number =>
    (cut.box[2] - cut.box[0] - 2 * INK_MARGIN) / Math.max(1, cut.box[3] - cut.box[1] - 2 * INK_MARGIN);
  const confident = cuts
    .filter((c) => isConfidentNumber(c.key))
    .map((c) => ({ grid: Math.floor(c.group / GRID_KEY), text: textOf(numbers.get(c.key)), aspect: inkAspect(c) }));
  const digitWidths = new Map(
    grids.map((_, gi) => [
      gi,
      typicalDigitWidth(
        confident.filter((x) => x.grid === gi),
        confident,
      ),
    ]),
  );
  // A reading fits its ink when it has a character for every glyph printed, or, where glyphs
  // touch or break (low resolution, 1-bit), when its digits are as wide as the ink.
  const fits = (text: string, cut: CellCut): boolean =>
    [...text.replace(/\s/gu, '')].length === inks.get(cut.key)?.glyphs ||
    widthFits(text, inkAspect(cut), digitWidths.get(Math.floor(cut.group / GRID_KEY)) ?? null);

  // Labels: every cell but the confident numbers whose digits fill their ink. A header the
  // digit model reads with confidence (社会公益组织 in three short lines as 2180) does not fit.
  const labelCuts = cuts.filter((c) => !isConfidentNumber(c.key) || !fits(textOf(numbers.get(c.key)), c));
  // At 150 dpi a table's small header text (商业企业 in two lines of a narrow cell) comes out as
  // nothing unless enlarged.
  const labels = await readComposite(pool, read, labelCuts, 'stack', { psm: 6, lang: 'chi_sim' }, scale);

  const numberKeys = new Set(numberCuts.map((c) => c.key));
  const textCells = new Set(
    cuts
      .filter((c) =>
        isLabelReading(labels.get(c.key), numbers.get(c.key), inkAspect(c), fits(textOf(numbers.get(c.key)), c)),
      )
      .map((c) => c.key),
  );
  // A number that is doubtful, or whose ink is too wide or narrow for its digits (a dropped or
  // extra digit), is read again on its own: one cell, one line.
  // A lone glyph the Chinese model took for a character (7 as 了) is read as a digit too.
  const lone = new Set(
    cuts
      .filter(
        (c) =>
          textCells.has(c.key) &&
          numberKeys.has(c.key) &&
          inks.get(c.key)?.glyphs === 1 &&
          /^[\u3400-\u9fff]$/u.test(textOf(labels.get(c.key)).trim()),
      )
      .map((c) => c.key),
  );
  const retryCuts = cuts.filter(
    (c) =>
      lone.has(c.key) ||
      (numberKeys.has(c.key) &&
        !textCells.has(c.key) &&
        !(
          confOf(numbers.get(c.key)) >= settings.retryConfidence &&
          isConfidentNumber(c.key) &&
          fits(textOf(numbers.get(c.key)), c)
        )),
  );
  const retries = new Map<number, Reading[]>();
  await Promise.all(
    retryCuts.map(async (cut) =>
      retries.set(
        cut.key,
        await rereadNumber(pool, read, cut.box, settings.digitWhitelist, inks.get(cut.key)?.glyphs ?? 0),
      ),
    ),
  );
  // A number printed with its unit (75394432.52元): the digit passes read the unit's glyph as
  // digits, so the number is read again without it, and the unit kept as the Chinese model read it.
  const withUnit = new Map<number, Reading[]>();
  await Promise.all(
    cuts.map(async (cut) => {
      const unit = unitAfterNumber(textOf(labels.get(cut.key)));
      const spans = inks.get(cut.key)?.spans ?? [];
      if (textCells.has(cut.key) || !unit || spans.length <= [...unit].length) return;
      const end = spans[spans.length - [...unit].length - 1]![1];
      const box: Box = [cut.box[0], cut.box[1], Math.min(cut.box[2], end + INK_MARGIN), cut.box[3]];
      const readings = await rereadNumber(pool, read, box, settings.digitWhitelist, 0);
      withUnit.set(
        cut.key,
        readings.map((r) => ({ words: r.words.map((w) => ({ ...w, text: w.text + unit, bbox: cut.box })) })),
      );
    }),
  );

  // Ink in lines one above the other is no number, however the digit model read it (a header
  // printed down a narrow cell, 结/果/纠/正, read as a confident 4, which would stand for the
  // value below it). Such a cell is read again alone as Chinese, apart from the composites
  // (whose readings shift when their cells change); what is not Chinese stays a doubtful number.
  const stackedLabels = new Map<number, OcrWord[] | null>();
  await Promise.all(
    cuts
      .filter((c) => (inks.get(c.key)?.lines ?? 1) >= STACKED_LINES && !textCells.has(c.key))
      .map(async (cut) => {
        const alone = await readAlone(pool, read, cut.box, { psm: 6, lang: 'chi_sim' }, 20);
        stackedLabels.set(cut.key, cjkCount(alone.map((w) => w.text).join('')) >= 2 ? alone : null);
      }),
  );

  const words: OcrWord[] = [];
  for (const cut of cuts) {
    const label = labels.get(cut.key);
    const number = numbers.get(cut.key);
    const digitOfLone = lone.has(cut.key) ? chooseNumber(retries.get(cut.key) ?? [], (t) => fits(t, cut)) : null;
    if (digitOfLone) {
      // Two models disagree on what the glyph is: the digit, for a reviewer to confirm.
      for (const w of digitOfLone.reading.words)
        words.push({ ...w, confidence: Math.min(w.confidence, digitOfLone.confidence, DOUBT) });
      continue;
    }
    if (textCells.has(cut.key)) {
      words.push(...label!.words);
      continue;
    }
    // Readings of the whole cell took the unit for digits: with a unit, only those without it count.
    const readings = withUnit.get(cut.key) ?? [number, ...(retries.get(cut.key) ?? [])];
    const chosen = chooseNumber([...readings, label], (t) => fits(t, cut));
    const stacked = stackedLabels.get(cut.key);
    if (chosen && stacked) {
      words.push(...stacked);
    } else if (chosen) {
      const sure = stacked === null ? Math.min(chosen.confidence, DOUBT) : chosen.confidence;
      for (const w of chosen.reading.words) words.push({ ...w, confidence: Math.min(w.confidence, sure) });
    } else if (numberKeys.has(cut.key) || !label) {
      // Ink that reads as nothing: an empty reading that says it is doubtful, never a silent blank.
      words.push({ text: '', bbox: cut.box, confidence: 0 });
    } else {
      for (const w of label.words) words.push({ ...w, confidence: Math.min(w.confidence, DOUBT) });
    }
  }
  return { words, blanks };
}
