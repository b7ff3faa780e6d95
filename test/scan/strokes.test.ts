import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/extractors/scan/image.js';
import { meanStrokeWidth, thickenStrokes } from '../../src/extractors/scan/strokes.js';

/** A white image with the given dark boxes [x0, y0, x1, y1) drawn on it. */
function draw(
  width: number,
  height: number,
  boxes: ReadonlyArray<readonly [number, number, number, number]>,
): GrayImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of boxes)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 0;
  return { width, height, data };
}

describe('meanStrokeWidth', () => {
  it('is the width of strokes running down, rules and filled shapes left out', () => {
    const thin = draw(60, 40, [
      [5, 0, 6, 40],
      [20, 0, 21, 40],
      [0, 30, 60, 31], // a rule across the page: one run of 60, not a stroke
    ]);
    expect(meanStrokeWidth(thin, 128, 8)).toBe(1);
    const thick = draw(60, 40, [
      [5, 0, 8, 40],
      [20, 0, 23, 40],
      [40, 10, 60, 20], // a filled box
    ]);
    expect(meanStrokeWidth(thick, 128, 8)).toBe(3);
    expect(meanStrokeWidth(draw(10, 10, []), 128, 8)).toBeNaN();
  });
});

describe('thickenStrokes', () => {
  it('makes a 1 px stroke 2 px wide and closes a 1 px break in it, the image the same size', () => {
    // A stroke across, broken at x = 3 (a 1-bit scan lost that pixel), and one down.
    const img = draw(12, 10, [
      [0, 2, 3, 3],
      [4, 2, 7, 3],
      [9, 0, 10, 10],
    ]);
    const out = thickenStrokes(img);
    expect([out.width, out.height]).toEqual([12, 10]);
    const dark = (x: number, y: number): boolean => out.data[y * 12 + x]! < 128;
    expect([0, 1, 2, 3, 4, 5, 6].every((x) => dark(x, 2))).toBe(true);
    expect(dark(3, 1)).toBe(true);
    expect(dark(8, 5) && dark(9, 5)).toBe(true);
    expect(dark(10, 5)).toBe(false);
    expect(meanStrokeWidth(out, 128, 8)).toBeGreaterThan(meanStrokeWidth(img, 128, 8));
    expect(dark(5, 6)).toBe(false);
  });
});
