/**
 * Which way up a page is. Its cells' shape or its projection profiles give a first guess; when
 * the page read that way is not confident, a few of its lines are read turned the other ways:
 * Chinese upside down or sideways reads as weak garbage.
 */
import { composeCells, type CellCut } from './composite.js';
import { enlarge, rotateQuarter, type GrayImage } from './image.js';
import type { OcrPool } from './ocr.js';

/** At most this many lines, each at most this many line-heights wide, go into a probe. */
const PROBE_LINES = 3;
const PROBE_WIDTH = 24;

/**
 * A few text lines of an upright candidate page, one under another: the lines with the most ink
 * among those of a typical text height (neither a rule nor a block of lines), each cut to at most
 * PROBE_WIDTH of its heights from its first ink. Null when the page has no such line.
 */
export function probeLines(img: GrayImage, threshold: number): GrayImage | null {
  const { width: w, height: h, data } = img;
  const rowInk = new Int32Array(h);
  for (let y = 0; y < h; y++) {
    let n = 0;
    const row = y * w;
    for (let x = 0; x < w; x++) if (data[row + x]! < threshold) n++;
    rowInk[y] = n;
  }
  const bands: { y0: number; y1: number; ink: number }[] = [];
  for (let y = 0; y < h; ) {
    if (rowInk[y]! < 2) {
      y++;
      continue;
    }
    const y0 = y;
    let ink = 0;
    while (y < h && rowInk[y]! >= 2) ink += rowInk[y++]!;
    bands.push({ y0, y1: y, ink });
  }
  const heights = bands
    .map((b) => b.y1 - b.y0)
    .filter((x) => x >= 6)
    .sort((a, b) => a - b);
  if (heights.length === 0) return null;
  const median = heights[Math.floor(heights.length / 2)]!;
  const typical = bands.filter((b) => b.y1 - b.y0 >= 0.6 * median && b.y1 - b.y0 <= 1.8 * median);
  const chosen = typical.sort((a, b) => b.ink - a.ink).slice(0, PROBE_LINES);
  const cuts: CellCut[] = [];
  for (const b of chosen) {
    let x0 = -1;
    let x1 = -1;
    for (let x = 0; x < w; x++) {
      for (let y = b.y0; y < b.y1; y++) {
        if (data[y * w + x]! < threshold) {
          if (x0 < 0) x0 = x;
          x1 = x + 1;
          break;
        }
      }
    }
    if (x0 < 0) continue;
    const hb = b.y1 - b.y0;
    // Lines of a few characters tell little: a probe line is at least six heights wide.
    if (x1 - x0 < 6 * hb) continue;
    cuts.push({
      key: cuts.length,
      group: cuts.length,
      box: [x0, b.y0 - 2, Math.min(x1, x0 + PROBE_WIDTH * hb), b.y1 + 2],
    });
  }
  if (cuts.length === 0) return null;
  return composeCells(img, cuts, 'stack').image;
}

/** The mean confidence of the Chinese characters and digits read, weighted by their count. */
async function readingConfidence(pool: OcrPool, probe: GrayImage): Promise<number> {
  const words = await pool.recognize(probe, { psm: 6, lang: 'chi_sim' }, 0.05);
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const k = (w.text.match(/[\u3400-\u9fff0-9]/gu) ?? []).length;
    sum += k * w.confidence;
    n += k;
  }
  return n === 0 ? 0 : sum / n;
}

/** The probe's reading confidence for the page turned clockwise by `turns` quarters; null without text lines. */
async function probeConfidence(
  pool: OcrPool,
  img: GrayImage,
  turns: number,
  threshold: number,
  pxPerPoint: number,
): Promise<number | null> {
  const found = probeLines(rotateQuarter(img, turns), threshold);
  if (!found) return null;
  // Small text at low resolution reads as nothing either way: read it enlarged.
  return readingConfidence(pool, pxPerPoint * 72 < 200 ? enlarge(found, 2) : found);
}

/**
 * Quarter turns (clockwise) that make the page upright, when the page read as `guess` turns
 * (0, or 1 for a page whose text seemed to run down) came out with only `guessConfidence`: the
 * other three ways are probed (the guess turned by 180° first), the first that reads with
 * `uprightConfidence` wins, else the best that reads clearly better than the guess did (as a
 * whole or as probed).
 */
export async function uprightTurns(
  pool: OcrPool,
  img: GrayImage,
  guess: number,
  guessConfidence: number,
  threshold: number,
  pxPerPoint: number,
  uprightConfidence: number,
): Promise<number> {
  // The other ways are held against a probe of the guess itself, like against like: a page of
  // small print reads worse as a whole than its three fullest lines do, whichever way it faces.
  const own = await probeConfidence(pool, img, guess, threshold, pxPerPoint);
  if (own === null) return guess;
  const baseline = Math.max(guessConfidence, own);
  let best = guess;
  let bestConfidence = baseline;
  for (const turns of [(guess + 2) % 4, (guess + 1) % 4, (guess + 3) % 4]) {
    const confidence = await probeConfidence(pool, img, turns, threshold, pxPerPoint);
    if (confidence === null) return guess;
    if (confidence >= uprightConfidence && confidence > baseline + 0.1) return turns;
    if (confidence > bestConfidence + 0.1) {
      best = turns;
      bestConfidence = confidence;
    }
  }
  return best;
}
