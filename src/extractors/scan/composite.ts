/**
 * Composite images: many table cells cut out of a page and laid into one image, so one OCR call
 * reads them all (each call has a fixed cost; a page's table has 150+ cells). Numbers are laid
 * out row by row with wide gaps, so neighbouring numbers are never read as one; labels one
 * under another, so wrapped and vertical labels keep their own lines.
 */
import type { Box } from '../model.js';
import type { GrayImage } from './image.js';

export interface CellCut {
  /** Caller's key for the cell. */
  key: number;
  /** Group id: cells of one group share a composite row (layout 'rows'). */
  group: number;
  /** Pixel box in the source image. */
  box: Box;
}

export interface Placement {
  key: number;
  x: number;
  y: number;
  w: number;
  h: number;
  srcX: number;
  srcY: number;
}

export interface Composite {
  image: GrayImage;
  placements: Placement[];
}

const MARGIN = 16;

/**
 * Each cell's own background (the median of its pixels: most of a cell is background) made
 * white, ink scaled with it. A shaded header cell then reads like an unshaded one: tesseract
 * drops a line of text on grey as a picture. Per cell, so faint ink on white paper is kept.
 */
function flattenBackground(data: Uint8Array, width: number, p: Placement): void {
  const hist = new Uint32Array(256);
  for (let row = 0; row < p.h; row++) for (let x = 0; x < p.w; x++) hist[data[(p.y + row) * width + p.x + x]!]!++;
  let seen = 0;
  let background = 255;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= (p.w * p.h) / 2) {
      background = v;
      break;
    }
  }
  if (background >= 250 || background < 64) return;
  const scale = 255 / background;
  for (let row = 0; row < p.h; row++) {
    const at = (p.y + row) * width + p.x;
    for (let x = 0; x < p.w; x++) data[at + x] = Math.min(255, Math.round(data[at + x]! * scale));
  }
}

export function composeCells(
  src: GrayImage,
  cuts: readonly CellCut[],
  layout: 'rows' | 'stack',
  flatten = false,
): Composite {
  const placements: Placement[] = [];
  const groups = new Map<number, CellCut[]>();
  for (const c of cuts) {
    const key = layout === 'rows' ? c.group : placements.length + groups.size;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  let y = MARGIN;
  let width = 0;
  for (const members of groups.values()) {
    let x = MARGIN;
    let rowHeight = 0;
    for (const c of members) {
      const srcX = Math.max(0, Math.round(c.box[0]));
      const srcY = Math.max(0, Math.round(c.box[1]));
      const w = Math.max(1, Math.min(src.width, Math.round(c.box[2])) - srcX);
      const h = Math.max(1, Math.min(src.height, Math.round(c.box[3])) - srcY);
      placements.push({ key: c.key, x, y, w, h, srcX, srcY });
      x += w + Math.max(48, h);
      rowHeight = Math.max(rowHeight, h);
    }
    width = Math.max(width, x);
    y += rowHeight + Math.max(24, Math.round(rowHeight / 2));
  }
  const W = width + MARGIN;
  const H = y + MARGIN;
  const data = new Uint8Array(W * H).fill(255);
  for (const p of placements) {
    for (let row = 0; row < p.h; row++) {
      const from = (p.srcY + row) * src.width + p.srcX;
      data.set(src.data.subarray(from, from + p.w), (p.y + row) * W + p.x);
    }
    if (flatten) flattenBackground(data, W, p);
  }
  return { image: { width: W, height: H, data }, placements };
}

/**
 * The cuts in batches whose composites stay at most `maxHeight` pixels high: tesseract refuses
 * images over 32767 px, and a page of labels stacked and enlarged gets there. Groups (a row of
 * numbers) are never split.
 */
export function compositeBatches(cuts: readonly CellCut[], layout: 'rows' | 'stack', maxHeight: number): CellCut[][] {
  const groups = new Map<number, CellCut[]>();
  cuts.forEach((c, i) => {
    const key = layout === 'rows' ? c.group : -1 - i;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  });
  const batches: CellCut[][] = [];
  let current: CellCut[] = [];
  let height = MARGIN * 2;
  for (const members of groups.values()) {
    const h = Math.max(...members.map((c) => c.box[3] - c.box[1]));
    const step = h + Math.max(24, Math.round(h / 2));
    if (current.length > 0 && height + step > maxHeight) {
      batches.push(current);
      current = [];
      height = MARGIN * 2;
    }
    current.push(...members);
    height += step;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The placement a box in the composite belongs to (by its centre), or undefined. */
export function placementOf(placements: readonly Placement[], box: Box): Placement | undefined {
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  return placements.find((p) => cx >= p.x && cx <= p.x + p.w && cy >= p.y && cy <= p.y + p.h);
}

/** Moves a composite box back to the source image's pixels. */
export function toSource(p: Placement, box: Box): Box {
  const dx = p.srcX - p.x;
  const dy = p.srcY - p.y;
  return [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy];
}

/**
 * The bounding box of the ink inside a box, padded by `margin`, or null when there is too little
 * ink to be a mark (an empty cell is not sent to OCR at all). Specks of fewer than `minInk`
 * dark pixels do not count.
 */
export function inkBox(img: GrayImage, box: Box, threshold: number, minInk: number, margin: number): Box | null {
  const x0 = Math.max(0, Math.round(box[0]));
  const x1 = Math.min(img.width, Math.round(box[2]));
  const y0 = Math.max(0, Math.round(box[1]));
  const y1 = Math.min(img.height, Math.round(box[3]));
  let n = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let y = y0; y < y1; y++) {
    const row = y * img.width;
    for (let x = x0; x < x1; x++) {
      if (img.data[row + x]! < threshold) {
        n++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (n < minInk) return null;
  return [
    Math.max(x0, minX - margin),
    Math.max(y0, minY - margin),
    Math.min(x1, maxX + 1 + margin),
    Math.min(y1, maxY + 1 + margin),
  ];
}
