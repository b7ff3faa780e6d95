/**
 * Labels OCR left partly unread: the glyph spans of a label cell's ink that no word read covers.
 * (Reading them again is tested end to end in test/e2e/scan.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { uncoveredSpans } from '../../src/extractors/scan/labelCoverage.js';
import type { OcrWord } from '../../src/extractors/scan/ocr.js';

const word = (x0: number, x1: number, text = '字'): OcrWord => ({ text, bbox: [x0, 0, x1, 20], confidence: 0.9 });
/** Eight glyphs 20 px wide, 4 px apart: 3.信函、传真申请数 as the ink test sees it. */
const GLYPHS = Array.from({ length: 8 }, (_, k) => [k * 24, k * 24 + 20] as [number, number]);

describe('uncoveredSpans', () => {
  it('finds nothing unread where the words cover every glyph', () => {
    expect(uncoveredSpans(GLYPHS, [word(0, 92), word(96, 188)])).toEqual([]);
  });

  it('gives the glyphs between words that OCR dropped (信函、 of 3.信函、传真申请数)', () => {
    expect(uncoveredSpans(GLYPHS, [word(0, 20, '3'), word(72, 188, '传真申请数')])).toEqual([[24, 68]]);
  });

  it('counts a glyph a word half covers as read, and a dropped one at either end', () => {
    expect(uncoveredSpans(GLYPHS, [word(10, 164)])).toEqual([[168, 188]]);
    expect(uncoveredSpans(GLYPHS, [word(30, 188)])).toEqual([[0, 20]]);
  });

  it('keeps stretches apart where a read glyph stands between them', () => {
    expect(uncoveredSpans(GLYPHS, [word(48, 68), word(120, 188)])).toEqual([
      [0, 44],
      [72, 116],
    ]);
  });
});
