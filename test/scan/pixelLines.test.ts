import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../src/extractors/layout/grid.js';
import { mergeSegments } from '../../src/extractors/layout/lines.js';
import { DEFAULT_TABLE_SETTINGS } from '../../src/extractors/layout/settings.js';
import { eraseRuns, findLineRuns, runsToSegments } from '../../src/extractors/scan/pixelLines.js';
import type { GrayImage } from '../../src/extractors/scan/image.js';
import { blank, darkIn, fillRect } from '../helpers/draw.js';

/** 2 px per point (144 dpi): a 24 pt minimum horizontal line is 48 px. */
const S = 2;
const XS = [60, 300, 420, 540, 700];
const YS = [80, 130, 180, 230];

/**
 * A ruled 3 × 4 grid: lines 2 or 3 px thick (alternating), each with a few white pixels
 * knocked out (faint print, JPEG), and a digit-like blob ("0": a hollow 12 × 18 box) in one cell.
 */
function drawnGrid(): { img: GrayImage; digit: [number, number, number, number] } {
  const img = blank(760, 300);
  XS.forEach((x, i) => fillRect(img, x, YS[0]!, x + 2 + (i % 2), YS[YS.length - 1]! + 3, 10));
  YS.forEach((y, i) => fillRect(img, XS[0]!, y, XS[XS.length - 1]! + 3, y + 2 + (i % 2), 10));
  // Broken pixels: short gaps across the full thickness of a few lines (1 px: at 2 px per point
  // a 2 px gap is the space between two glyphs).
  fillRect(img, 150, YS[1]!, 151, YS[1]! + 3, 255);
  fillRect(img, 470, YS[2]!, 471, YS[2]! + 3, 255);
  fillRect(img, XS[2]!, 150, XS[2]! + 3, 151, 255);
  fillRect(img, XS[3]!, 200, XS[3]! + 3, 201, 255);
  // Single dead pixels inside a line.
  for (const x of [100, 333, 610]) img.data[(YS[3]! + 1) * img.width + x] = 255;
  // The digit, in the cell of row 1, column 2.
  const digit: [number, number, number, number] = [474, 146, 486, 164];
  fillRect(img, digit[0], digit[1], digit[2], digit[1] + 2, 20);
  fillRect(img, digit[0], digit[3] - 2, digit[2], digit[3], 20);
  fillRect(img, digit[0], digit[1], digit[0] + 2, digit[3], 20);
  fillRect(img, digit[2] - 2, digit[1], digit[2], digit[3], 20);
  return { img, digit };
}

describe('findLineRuns → runsToSegments → mergeSegments → buildGrids', () => {
  const { img } = drawnGrid();
  const runs = findLineRuns(img, 128, S);

  it('finds every ruling line, bridging the broken pixels, and nothing else', () => {
    // One run per pixel row / column of each line's thickness.
    const h = runs.filter((r) => r.orientation === 'h');
    const v = runs.filter((r) => r.orientation === 'v');
    expect(new Set(h.map((r) => r.at)).size).toBe(2 + 3 + 2 + 3);
    expect(new Set(v.map((r) => r.at)).size).toBe(2 + 3 + 2 + 3 + 2);
    // Gaps of 1 px are bridged: each horizontal line row is one run across the whole table.
    for (const r of h) {
      expect(r.from).toBe(XS[0]);
      expect(r.to).toBe(XS[XS.length - 1]! + 3);
    }
    for (const r of v) {
      expect(r.from).toBe(YS[0]);
      expect(r.to).toBe(YS[YS.length - 1]! + 3);
    }
  });

  it('gives the right lattice: 3 rows × 4 columns, positions in points', () => {
    const edges = mergeSegments(runsToSegments(runs, S));
    expect(edges.filter((e) => e.orientation === 'h')).toHaveLength(YS.length);
    expect(edges.filter((e) => e.orientation === 'v')).toHaveLength(XS.length);
    const grids = buildGrids(1, edges, [], DEFAULT_TABLE_SETTINGS, true);
    expect(grids).toHaveLength(1);
    const g = grids[0]!;
    expect([g.rowCount, g.colCount]).toEqual([3, 4]);
    expect(g.cells).toHaveLength(12);
    g.xs.forEach((x, i) => expect(Math.abs(x - (XS[i]! + 1.25) / S)).toBeLessThan(1));
    g.ys.forEach((y, i) => expect(Math.abs(y - (YS[i]! + 1.25) / S)).toBeLessThan(1));
  });

  it('without keepEmpty a table with no words is dropped', () => {
    expect(buildGrids(1, mergeSegments(runsToSegments(runs, S)), [], DEFAULT_TABLE_SETTINGS)).toEqual([]);
  });

  it('drops strokes shorter than a line: a glyph is not a ruling', () => {
    const glyphs = blank(400, 200);
    fillRect(glyphs, 50, 50, 80, 53); // 30 px < 48 px horizontal minimum
    fillRect(glyphs, 200, 40, 203, 60); // 20 px < 28 px vertical minimum
    expect(findLineRuns(glyphs, 128, S)).toEqual([]);
  });

  it('bridges gaps by their size in points: strokes 2 px apart are one line at 200 dpi, not at 144', () => {
    // Six 10 px strokes in a row, 2 px apart: the bottoms of a row of characters, 70 px long.
    const strokes = blank(200, 40);
    for (let k = 0; k < 6; k++) fillRect(strokes, 20 + 12 * k, 20, 30 + 12 * k, 22);
    // 2 px per point (144 dpi): 2 px is 1 pt, the space between glyphs, so no line.
    expect(findLineRuns(strokes, 128, S, { minHorizontal: 24, minVertical: 14, maxGap: 0.6 })).toEqual([]);
    // 2.8 px per point (200 dpi): 2 px is 0.7 pt, a break in one line, bridged (70 px ≥ 24 pt).
    const at200 = findLineRuns(strokes, 128, 2.8, { minHorizontal: 24, minVertical: 14, maxGap: 0.6 });
    expect(at200.map((r) => [r.from, r.to])).toEqual([
      [20, 90],
      [20, 90],
    ]);
  });
});

describe('eraseRuns', () => {
  it('whitens the lines but keeps the digit inside the cell', () => {
    const { img, digit } = drawnGrid();
    const before = darkIn(img, digit[0], digit[1], digit[2], digit[3]);
    expect(before).toBeGreaterThan(40);
    const runs = findLineRuns(img, 128, S);
    const out = eraseRuns(img, runs);
    expect(out).not.toBe(img);
    expect(darkIn(out, 0, 0, out.width, out.height)).toBe(before);
    expect(darkIn(out, digit[0], digit[1], digit[2], digit[3])).toBe(before);
    // The input is left as it was.
    expect(darkIn(img, 0, 0, img.width, img.height)).toBeGreaterThan(before * 10);
  });
});
