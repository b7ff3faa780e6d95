/**
 * How thick a page's strokes are, and thickening them for OCR. A 1-bit scan at low resolution
 * keeps a 1 px stroke only where it crossed the scanner's threshold: its glyphs come broken
 * (政 with gaps in it), and enlarging them keeps the breaks. One pixel more of ink closes them;
 * tesseract then reads 2.政府网站 where it read 2.必府同站. Pure functions over grey images.
 */
import type { GrayImage } from './image.js';

/**
 * The mean length of the horizontal runs of ink across the page (every other row), in pixels:
 * a stroke's width where it runs down, its length where it runs across. Runs longer than
 * `maxRun` are rules or filled shapes, not strokes, and are left out. NaN on a page without ink.
 */
export function meanStrokeWidth(img: GrayImage, threshold: number, maxRun: number): number {
  let total = 0;
  let count = 0;
  for (let y = 0; y < img.height; y += 2) {
    const row = y * img.width;
    let run = 0;
    for (let x = 0; x <= img.width; x++) {
      if (x < img.width && img.data[row + x]! < threshold) {
        run++;
        continue;
      }
      if (run > 0 && run <= maxRun) {
        total += run;
        count++;
      }
      run = 0;
    }
  }
  return count > 0 ? total / count : Number.NaN;
}

/** Each pixel the darkest of itself and its right, lower and lower-right neighbours: strokes one pixel thicker. */
export function thickenStrokes(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const below = y + 1 < h ? row + w : row;
    for (let x = 0; x < w; x++) {
      const right = x + 1 < w ? 1 : 0;
      out[row + x] = Math.min(data[row + x]!, data[row + x + right]!, data[below + x]!, data[below + x + right]!);
    }
  }
  return { width: w, height: h, data: out };
}
