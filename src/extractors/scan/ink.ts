/**
 * The ink of a table cell: its connected marks, without the specks a scan scatters over a page
 * (1-bit speckle, dust, JPEG blobs), and how many glyphs they make side by side. The ink's box
 * tells where to read and how wide the number is; the glyph count tells whether a reading holds
 * as many characters as were printed (7 read for 77 leaves a glyph unread), whatever the font.
 */
import type { Box } from '../model.js';
import type { GrayImage } from './image.js';

export interface CellInk {
  /** The marks' box, padded by the margin asked for, in image pixels. */
  box: Box;
  /** Marks side by side: groups of marks whose columns overlap (a glyph's parts stack). */
  glyphs: number;
  /** Each glyph's columns [x0, x1), left to right, in image pixels. */
  spans: Array<[number, number]>;
  /** Lines of marks one above the other (groups of marks whose rows overlap), as high as text. */
  lines: number;
}

/** Marks one above the other closer than this share of their height are of one line. */
const LINE_GAP = 0.3;

interface Mark {
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Connected marks (8-neighbour) of pixels darker than the threshold inside a box. */
function marksIn(img: GrayImage, x0: number, y0: number, x1: number, y1: number, threshold: number): Mark[] {
  const w = x1 - x0;
  const h = y1 - y0;
  const seen = new Uint8Array(w * h);
  const marks: Mark[] = [];
  const stack: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = y * w + x;
      if (seen[k] || img.data[(y0 + y) * img.width + x0 + x]! >= threshold) continue;
      const m: Mark = { area: 0, x0: x, y0: y, x1: x, y1: y };
      seen[k] = 1;
      stack.push(k);
      while (stack.length > 0) {
        const p = stack.pop()!;
        const px = p % w;
        const py = (p - px) / w;
        m.area++;
        if (px < m.x0) m.x0 = px;
        if (px > m.x1) m.x1 = px;
        if (py < m.y0) m.y0 = py;
        if (py > m.y1) m.y1 = py;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = py + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            if (nx < 0 || nx >= w) continue;
            const q = ny * w + nx;
            if (seen[q] || img.data[(y0 + ny) * img.width + x0 + nx]! >= threshold) continue;
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
      marks.push({ area: m.area, x0: m.x0 + x0, y0: m.y0 + y0, x1: m.x1 + x0 + 1, y1: m.y1 + y0 + 1 });
    }
  }
  return marks;
}

/**
 * The ink in a box, or null when there is too little to be a mark (an empty cell is not sent to
 * OCR at all). Marks much smaller than the largest are specks unless they lie by the rest of the
 * ink (a decimal point, a stroke of 元 above the digits): those far from it are dropped.
 */
export function cellInk(img: GrayImage, box: Box, threshold: number, minInk: number, margin: number): CellInk | null {
  const x0 = Math.max(0, Math.round(box[0]));
  const x1 = Math.min(img.width, Math.round(box[2]));
  const y0 = Math.max(0, Math.round(box[1]));
  const y1 = Math.min(img.height, Math.round(box[3]));
  if (x1 <= x0 || y1 <= y0) return null;
  const marks = marksIn(img, x0, y0, x1, y1, threshold);
  if (marks.length === 0) return null;
  const largest = Math.max(...marks.map((m) => m.area));
  const big = marks.filter((m) => m.area >= Math.max(3, 0.15 * largest));
  const core: Box = [
    Math.min(...big.map((m) => m.x0)),
    Math.min(...big.map((m) => m.y0)),
    Math.max(...big.map((m) => m.x1)),
    Math.max(...big.map((m) => m.y1)),
  ];
  const reachX = 0.15 * (core[3] - core[1]);
  const reachY = 0.3 * (core[3] - core[1]);
  const kept = marks.filter((m) => {
    if (m.area >= Math.max(3, 0.15 * largest)) return true;
    const cx = (m.x0 + m.x1) / 2;
    const cy = (m.y0 + m.y1) / 2;
    return cx >= core[0] - reachX && cx <= core[2] + reachX && cy >= core[1] - reachY && cy <= core[3] + reachY;
  });
  if (kept.reduce((n, m) => n + m.area, 0) < minInk) return null;
  const ink: Box = [
    Math.min(...kept.map((m) => m.x0)),
    Math.min(...kept.map((m) => m.y0)),
    Math.max(...kept.map((m) => m.x1)),
    Math.max(...kept.map((m) => m.y1)),
  ];
  // Glyphs: marks grouped where their columns overlap.
  const spans = kept.map((m) => [m.x0, m.x1] as const).sort((a, b) => a[0] - b[0]);
  const glyphs: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const last = glyphs[glyphs.length - 1];
    if (last && a < last[1]) last[1] = Math.max(last[1], b);
    else glyphs.push([a, b]);
  }
  // Lines: marks grouped where their rows overlap (a digit's parts, a number's digits side by
  // side) or nearly meet (a digit broken across by a 1-bit scan: lines of text stand apart by a
  // good part of their height), counting those at least half as high as the highest (not a
  // rule's leftover or a dot).
  const rows = kept.map((m) => [m.y0, m.y1] as const).sort((a, b) => a[0] - b[0]);
  const bands: Array<[number, number]> = [];
  for (const [a, b] of rows) {
    const last = bands[bands.length - 1];
    if (last && a - last[1] <= LINE_GAP * Math.max(last[1] - last[0], b - a)) last[1] = Math.max(last[1], b);
    else bands.push([a, b]);
  }
  const highest = Math.max(...bands.map(([a, b]) => b - a));
  const lines = bands.filter(([a, b]) => b - a >= highest / 2).length;
  return {
    lines,
    box: [
      Math.max(x0, ink[0] - margin),
      Math.max(y0, ink[1] - margin),
      Math.min(x1, ink[2] + margin),
      Math.min(y1, ink[3] + margin),
    ],
    glyphs: glyphs.length,
    spans: glyphs,
  };
}
