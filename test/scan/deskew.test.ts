import { describe, expect, it } from 'vitest';
import { unrotatePoint } from '../../src/extractors/geometry.js';
import { estimateSkew, rotateImage } from '../../src/extractors/scan/deskew.js';
import { blank, centroid, fillRect, skewed, textPage } from '../helpers/draw.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

const page = textPage();

describe('estimateSkew', () => {
  it('reads a level page as 0°', () => {
    expect(Math.abs(estimateSkew(page, 128, DEFAULT_SETTINGS.scan.prepare))).toBeLessThanOrEqual(0.04);
  });

  for (const angle of [1.2, -0.7, 0.35, -1.5]) {
    it(`finds a page printed at ${angle}° within 0.1°`, () => {
      expect(estimateSkew(skewed(page, angle), 128, DEFAULT_SETTINGS.scan.prepare)).toBeCloseTo(angle, 1);
      expect(
        Math.abs(estimateSkew(skewed(page, angle), 128, DEFAULT_SETTINGS.scan.prepare) - angle),
      ).toBeLessThanOrEqual(0.1);
    });
  }

  it('returns 0 for a page with (almost) no ink', () => {
    const img = blank(600, 800);
    fillRect(img, 100, 100, 104, 104);
    expect(estimateSkew(img, 128, DEFAULT_SETTINGS.scan.prepare)).toBe(0);
  });
});

describe('rotateImage', () => {
  it('straightens a skewed page: the skew read afterwards is ≈ 0', () => {
    for (const angle of [1.2, -0.7]) {
      const straight = rotateImage(
        skewed(page, angle),
        estimateSkew(skewed(page, angle), 128, DEFAULT_SETTINGS.scan.prepare),
      );
      expect(Math.abs(estimateSkew(straight, 128, DEFAULT_SETTINGS.scan.prepare))).toBeLessThanOrEqual(0.1);
    }
  });

  it('keeps the size, fills the corners with white and is the identity at 0°', () => {
    const img = skewed(page, 1.2);
    const out = rotateImage(img, 1.2);
    expect([out.width, out.height]).toEqual([img.width, img.height]);
    expect(out.data[0]).toBe(255);
    expect(out.data[out.data.length - 1]).toBe(255);
    expect(rotateImage(img, 0)).toBe(img);
  });
});

describe('unrotatePoint', () => {
  it('maps a point of the straightened page back to where it is printed', () => {
    for (const angle of [1.2, -0.7]) {
      // A dot printed off-centre on a skewed page.
      const level = blank(1000, 1400);
      fillRect(level, 800, 200, 808, 208);
      const printed = skewed(level, angle);
      const [px, py] = centroid(printed);
      const straight = rotateImage(printed, angle);
      const [qx, qy] = centroid(straight);
      // Straightening moved it (it is far from the centre) …
      expect(Math.hypot(qx - px, qy - py)).toBeGreaterThan(3);
      // … and unrotatePoint brings it back.
      const [bx, by] = unrotatePoint(qx, qy, angle, straight.width / 2, straight.height / 2);
      expect(Math.abs(bx - px)).toBeLessThan(1);
      expect(Math.abs(by - py)).toBeLessThan(1);
    }
  });

  it('is undone by the opposite angle and leaves the centre in place', () => {
    const [x, y] = unrotatePoint(120, 700, 1.3, 297.6, 420.9);
    const [x2, y2] = unrotatePoint(x, y, -1.3, 297.6, 420.9);
    expect(x2).toBeCloseTo(120, 9);
    expect(y2).toBeCloseTo(700, 9);
    expect(unrotatePoint(297.6, 420.9, 1.3, 297.6, 420.9)).toEqual([297.6, 420.9]);
    expect(unrotatePoint(10, 20, 0, 300, 400)).toEqual([10, 20]);
  });
});
