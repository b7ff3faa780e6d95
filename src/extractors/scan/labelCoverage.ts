/**
 * Labels the OCR left partly unread. Tesseract drops glyphs of a line it is unsure of (信函、
 * of 3.信函、传真申请数 at 150 dpi, 1-bit), and what is left may name another row (传真申请数,
 * the fax row): a value filed under the wrong id with nothing to show it. So every label cell's
 * ink is held against the words read in it; a cell with a glyph's width of ink no word covers
 * is read again alone, and where that still leaves ink unread it gets an empty word at
 * confidence 0 (the convention of readTableCells: ink read as nothing), which marks the values
 * of its row as doubtful.
 */
import { centreIn } from '../geometry.js';
import type { Box } from '../model.js';
import type { GrayImage } from './image.js';
import { cellInk } from './ink.js';
import type { OcrPool, OcrWord } from './ocr.js';
import { readAlone } from './passes.js';

/** Uncovered ink counts as a dropped glyph from this fraction of the text's height. */
const GLYPH_FRACTION = 0.6;
/** A glyph's columns count as read when words cover this fraction of them. */
const COVERED = 0.5;

/** The glyph spans (columns [x0, x1)) words leave uncovered, runs of neighbours merged. */
export function uncoveredSpans(
  spans: ReadonlyArray<readonly [number, number]>,
  words: readonly OcrWord[],
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let previousUnread = false;
  for (const [a, b] of spans) {
    let covered = 0;
    for (const w of words) covered += Math.max(0, Math.min(b, w.bbox[2]) - Math.max(a, w.bbox[0]));
    const unread = covered < COVERED * (b - a);
    // Glyphs dropped side by side (信函、) make one stretch of unread ink.
    if (unread && previousUnread) out[out.length - 1]![1] = b;
    else if (unread) out.push([a, b]);
    previousUnread = unread;
  }
  return out;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** The unread stretches of a label cell's ink wide enough for a glyph, in pixels. */
function droppedGlyphs(img: GrayImage, box: Box, threshold: number, words: readonly OcrWord[]): Box[] {
  const ink = cellInk(img, box, threshold, 12, 0);
  if (!ink || words.length === 0) return [];
  const height = median(words.map((w) => w.bbox[3] - w.bbox[1]));
  return uncoveredSpans(ink.spans, words)
    .filter(([a, b]) => b - a >= GLYPH_FRACTION * height)
    .map(([a, b]) => [a, ink.box[1], b, ink.box[3]] as Box);
}

/**
 * The words of a page with its label cells' unread ink read again (`cells`: the label cells'
 * boxes in pixels). Words outside those cells are returned as they are.
 */
export async function readDroppedGlyphs(
  pool: OcrPool,
  img: GrayImage,
  threshold: number,
  cells: readonly Box[],
  words: readonly OcrWord[],
): Promise<OcrWord[]> {
  const replaced = new Set<OcrWord>();
  const added: OcrWord[] = [];
  const width = (gaps: readonly Box[]): number => gaps.reduce((n, g) => n + g[2] - g[0], 0);
  await Promise.all(
    cells.map(async (box) => {
      const inCell = words.filter((w) => w.text !== '' && centreIn(w.bbox, box));
      const dropped = droppedGlyphs(img, box, threshold, inCell);
      const ink = cellInk(img, box, threshold, 12, 4);
      if (dropped.length === 0 || !ink) return;
      const alone = await readAlone(pool, img, ink.box, { psm: 6, lang: 'chi_sim' }, 16);
      // The reading alone is taken when it leaves less ink unread; what is still unread is marked.
      const left = droppedGlyphs(img, box, threshold, alone);
      const better = alone.length > 0 && width(left) < width(dropped);
      if (better) {
        for (const w of inCell) replaced.add(w);
        added.push(...alone);
      }
      for (const gap of better ? left : dropped) added.push({ text: '', bbox: gap, confidence: 0 });
    }),
  );
  return [...words.filter((w) => !replaced.has(w)), ...added];
}
