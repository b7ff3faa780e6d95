/** Grey images drawn in code for the scan tests: pages of text-like blobs, ruled grids, skew. */
import type { GrayImage } from '../../src/extractors/scan/image.js';

export function blank(width: number, height: number, value = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(value) };
}

/** Fills [x0, x1) × [y0, y1), clipped to the image. */
export function fillRect(img: GrayImage, x0: number, y0: number, x1: number, y1: number, value = 0): void {
  const ax = Math.max(0, Math.round(x0));
  const bx = Math.min(img.width, Math.round(x1));
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(img.height, Math.round(y1)); y++) {
    if (bx > ax) img.data.fill(value, y * img.width + ax, y * img.width + bx);
  }
}

export function pixel(img: GrayImage, x: number, y: number): number {
  return img.data[y * img.width + x]!;
}

/** Pixels darker than `threshold` in [x0, x1) × [y0, y1). */
export function darkIn(img: GrayImage, x0: number, y0: number, x1: number, y1: number, threshold = 128): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) if (pixel(img, x, y) < threshold) n++;
  return n;
}

/** Small deterministic PRNG (mulberry32), so every drawn page is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A page of prose: rows of word-like blobs (glyph-sized rectangles with gaps), ragged line
 * ends, a few paragraph breaks and two horizontal rules, like a report page at ~100 dpi.
 */
export function textPage(width = 1200, height = 1600, seed = 7): GrayImage {
  const img = blank(width, height);
  const rnd = prng(seed);
  const left = 120;
  const right = width - 120;
  let y = 140;
  let row = 0;
  while (y < height - 160) {
    if (row % 9 === 8) {
      y += 24; // paragraph break
    } else {
      const end = right - (row % 9 === 7 ? Math.round(rnd() * 400) : 0);
      let x = left + (row % 9 === 0 ? 40 : 0);
      while (x < end - 20) {
        const w = 14 + Math.round(rnd() * 4); // one glyph
        const top = y + Math.round(rnd() * 2);
        fillRect(img, x, top, Math.min(x + w, end), top + 14 + Math.round(rnd() * 3), 20);
        x += w + 3 + (rnd() < 0.15 ? 12 : 0);
      }
    }
    y += 30;
    row++;
    if (row === 12 || row === 30) {
      fillRect(img, left, y, right, y + 2, 0);
      y += 20;
    }
  }
  return img;
}

/**
 * The page as printed at `angleDeg`: rows run along y = y0 + x·tan(angle) (image y down), the
 * page turned about its centre; nearest-neighbour, white comes in from outside. Written
 * independently of src/extractors/scan/deskew.ts, so the tests do not check a routine with itself.
 */
export function skewed(img: GrayImage, angleDeg: number): GrayImage {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const out = blank(img.width, img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      // Inverse mapping: the printed pixel (x, y) shows the level page at R(−a)·(x, y).
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.round(cx + cos * dx + sin * dy);
      const sy = Math.round(cy - sin * dx + cos * dy);
      if (sx >= 0 && sy >= 0 && sx < img.width && sy < img.height)
        out.data[y * img.width + x] = img.data[sy * img.width + sx]!;
    }
  }
  return out;
}

/** Centroid of the pixels darker than `threshold`, in pixel-index coordinates (as rotateImage uses). */
export function centroid(img: GrayImage, threshold = 128): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (pixel(img, x, y) < threshold) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return [sx / n, sy / n];
}
