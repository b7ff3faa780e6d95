import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/extractors/model.js';
import {
  composeCells,
  placementOf,
  toSource,
  type CellCut,
  type Placement,
} from '../../src/extractors/scan/composite.js';
import type { GrayImage } from '../../src/extractors/scan/image.js';
import { blank, fillRect, pixel, prng } from '../helpers/draw.js';

/** A source page with a distinct grey pattern everywhere, so copied pixels can be traced. */
function patterned(width: number, height: number): GrayImage {
  const img = blank(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img.data[y * width + x] = (x * 7 + y * 13) % 251;
  return img;
}

/** A table's cells: 3 rows of 5 cells, one row per group, plus a cut running off the page edge. */
function cuts(): CellCut[] {
  const out: CellCut[] = [];
  let key = 0;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 5; c++)
      out.push({ key: key++, group: r, box: [40 + c * 70, 30 + r * 40, 40 + c * 70 + 60 - r * 5, 30 + r * 40 + 30] });
  }
  out.push({ key: key++, group: 3, box: [380, 150, 430, 190] }); // past the right and bottom edges (400 × 180)
  return out;
}

const overlaps = (a: Placement, b: Placement): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('composeCells', () => {
  const src = patterned(400, 180);

  for (const layout of ['rows', 'stack'] as const) {
    it(`${layout}: one placement per cut, none overlapping, all inside the composite`, () => {
      const { image, placements } = composeCells(src, cuts(), layout);
      expect(placements.map((p) => p.key)).toEqual(cuts().map((c) => c.key));
      for (let i = 0; i < placements.length; i++) {
        const p = placements[i]!;
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.x + p.w).toBeLessThanOrEqual(image.width);
        expect(p.y + p.h).toBeLessThanOrEqual(image.height);
        for (let j = i + 1; j < placements.length; j++)
          expect(overlaps(p, placements[j]!), `${p.key} × ${placements[j]!.key}`).toBe(false);
      }
      expect(image.data.length).toBe(image.width * image.height);
    });

    it(`${layout}: copies each cell's pixels and leaves white between cells`, () => {
      const { image, placements } = composeCells(src, cuts(), layout);
      for (const p of placements) {
        for (const [dx, dy] of [
          [0, 0],
          [p.w - 1, p.h - 1],
          [Math.floor(p.w / 2), Math.floor(p.h / 3)],
        ] as const) {
          expect(pixel(image, p.x + dx, p.y + dy)).toBe(pixel(src, p.srcX + dx, p.srcY + dy));
        }
      }
      // The margin around everything is paper.
      expect(pixel(image, 0, 0)).toBe(255);
      expect(pixel(image, image.width - 1, image.height - 1)).toBe(255);
    });
  }

  it('rows: cells of a group share a row with gaps of at least 48 px; stack: one cell per row', () => {
    const rows = composeCells(src, cuts(), 'rows').placements;
    const row0 = rows.filter((p) => p.key < 5);
    expect(new Set(row0.map((p) => p.y)).size).toBe(1);
    for (let i = 1; i < row0.length; i++)
      expect(row0[i]!.x - (row0[i - 1]!.x + row0[i - 1]!.w)).toBeGreaterThanOrEqual(48);
    const stack = composeCells(src, cuts(), 'stack').placements;
    expect(new Set(stack.map((p) => p.x)).size).toBe(1);
    for (let i = 1; i < stack.length; i++)
      expect(stack[i]!.y).toBeGreaterThanOrEqual(stack[i - 1]!.y + stack[i - 1]!.h + 24);
  });

  it("flattened: a shaded cell's background turns white, its ink stays dark; a white cell is as it was", () => {
    const page = blank(200, 60);
    fillRect(page, 0, 0, 100, 60, 200); // a grey-shaded header cell
    fillRect(page, 30, 20, 70, 24, 40); // its text
    fillRect(page, 130, 20, 170, 24, 120); // faint text on white paper
    const both: CellCut[] = [
      { key: 0, group: 0, box: [0, 0, 100, 60] },
      { key: 1, group: 0, box: [100, 0, 200, 60] },
    ];
    const { image, placements } = composeCells(page, both, 'rows', true);
    const [shaded, white] = placements;
    expect(pixel(image, shaded!.x + 5, shaded!.y + 5)).toBe(255);
    expect(pixel(image, shaded!.x + 40, shaded!.y + 21)).toBe(51); // 40 × 255 / 200
    expect(pixel(image, white!.x + 5, white!.y + 5)).toBe(255);
    expect(pixel(image, white!.x + 40, white!.y + 21)).toBe(120);
    // Without flattening the shading stays.
    expect(pixel(composeCells(page, both, 'rows').image, shaded!.x + 5, shaded!.y + 5)).toBe(200);
  });

  it('clips a cut that runs off the source image', () => {
    const last = composeCells(src, cuts(), 'rows').placements.at(-1)!;
    expect([last.srcX, last.srcY, last.w, last.h]).toEqual([380, 150, 20, 30]);
  });
});

describe('placementOf / toSource', () => {
  const src = patterned(400, 180);
  const { placements } = composeCells(src, cuts(), 'rows');

  it('round-trips a word box: source → composite → the right cell → the same source box', () => {
    const rnd = prng(3);
    for (const p of placements) {
      // A word somewhere inside the placed cell.
      const x0 = p.srcX + Math.floor(rnd() * (p.w / 2));
      const y0 = p.srcY + Math.floor(rnd() * (p.h / 2));
      const source: Box = [x0, y0, x0 + Math.max(1, Math.floor(p.w / 3)), y0 + Math.max(1, Math.floor(p.h / 3))];
      const inComposite: Box = [
        source[0] - p.srcX + p.x,
        source[1] - p.srcY + p.y,
        source[2] - p.srcX + p.x,
        source[3] - p.srcY + p.y,
      ];
      const found = placementOf(placements, inComposite);
      expect(found?.key).toBe(p.key);
      expect(toSource(found!, inComposite)).toEqual(source);
    }
  });

  it('finds no cell for a box in the white space between cells', () => {
    const [a, b] = placements;
    const gapX = (a!.x + a!.w + b!.x) / 2;
    expect(placementOf(placements, [gapX - 2, a!.y, gapX + 2, a!.y + 4])).toBeUndefined();
    expect(placementOf(placements, [0, 0, 4, 4])).toBeUndefined();
  });
});
