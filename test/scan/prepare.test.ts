/** Preparing a 1-bit page: straightening blends its pixels, and thin strokes must stay ink. */
import { describe, expect, it } from 'vitest';
import { cellInk } from '../../src/extractors/scan/ink.js';
import { prepareImage } from '../../src/extractors/scan/prepare.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';
import { fillRect, skewed, textPage } from '../helpers/draw.js';

describe('prepareImage of a 1-bit page', () => {
  for (const angle of [0.6, -2.8]) {
    it(`keeps a 1 px stroke as ink once a page scanned at ${angle}° is straightened`, () => {
      const page = textPage();
      // A 7 of 1 px strokes (a thin serif digit at 150 dpi) in an empty part of the page.
      fillRect(page, 1000, 1500, 1010, 1501, 0);
      for (let k = 0; k < 14; k++)
        fillRect(page, 1009 - Math.floor(k / 3), 1501 + k, 1010 - Math.floor(k / 3), 1502 + k, 0);
      // Scanned crooked in black and white: 0 or 255, nothing between.
      const scan = skewed(page, angle);
      for (let i = 0; i < scan.data.length; i++) scan.data[i] = scan.data[i]! < 128 ? 0 : 255;
      const prepared = prepareImage(scan, 200 / 72, DEFAULT_SETTINGS.scan.prepare);
      expect(prepared.frame.angle).toBeCloseTo(angle, 0);
      expect(cellInk(prepared.image, [970, 1470, 1050, 1540], prepared.threshold, 12, 0)).not.toBeNull();
    });
  }
});
