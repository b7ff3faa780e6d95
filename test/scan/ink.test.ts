/** The ink of a scanned cell: glyphs side by side, lines one above the other, specks left out. */
import { describe, expect, it } from 'vitest';
import { cellInk } from '../../src/extractors/scan/ink.js';
import { blank, fillRect } from '../helpers/draw.js';

/** A glyph-like mark: a box outline w × h at (x, y), strokes 3 px. */
function glyph(img: ReturnType<typeof blank>, x: number, y: number, w: number, h: number): void {
  fillRect(img, x, y, x + w, y + 3, 0);
  fillRect(img, x, y + h - 3, x + w, y + h, 0);
  fillRect(img, x, y, x + 3, y + h, 0);
  fillRect(img, x + w - 3, y, x + w, y + h, 0);
}

describe('cellInk', () => {
  it('counts a number as glyphs side by side on one line', () => {
    const img = blank(120, 60);
    glyph(img, 30, 20, 14, 22);
    glyph(img, 50, 20, 14, 22);
    const ink = cellInk(img, [0, 0, 120, 60], 128, 12, 0)!;
    expect(ink).toMatchObject({ glyphs: 2, lines: 1 });
  });

  it('counts a header printed down a narrow cell (结/果/纠/正) as four lines of one glyph', () => {
    const img = blank(60, 200);
    for (let k = 0; k < 4; k++) glyph(img, 18, 20 + 42 * k, 24, 24);
    expect(cellInk(img, [0, 0, 60, 200], 128, 12, 0)).toMatchObject({ glyphs: 1, lines: 4 });
  });

  it('takes a digit a 1-bit scan broke across for one line', () => {
    const img = blank(120, 60);
    // A 0 in two arcs 2 px apart.
    fillRect(img, 40, 18, 54, 29, 0);
    fillRect(img, 40, 31, 54, 42, 0);
    expect(cellInk(img, [0, 0, 120, 60], 128, 12, 0)).toMatchObject({ lines: 1 });
  });

  it('does not count a rule’s thin leftover above the digits as a line', () => {
    const img = blank(120, 60);
    glyph(img, 30, 20, 14, 22);
    glyph(img, 50, 20, 14, 22);
    // Two pixel rows of an erased rule left at the top of the cell, over the digits' width.
    fillRect(img, 28, 8, 68, 10, 0);
    expect(cellInk(img, [0, 0, 120, 60], 128, 12, 0)).toMatchObject({ lines: 1 });
  });
});
