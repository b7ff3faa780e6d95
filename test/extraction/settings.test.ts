import { describe, expect, it } from 'vitest';
import { clusterMeans } from '../../src/extractors/geometry.js';
import { findAlignedTables } from '../../src/extractors/layout/alignment.js';
import { stitchTables } from '../../src/extractors/layout/stitch.js';
import { buildGrids } from '../../src/extractors/layout/grid.js';
import { mergeSegments } from '../../src/extractors/layout/lines.js';
import { textlessPictures } from '../../src/extractors/pdf/garble.js';
import { DEFAULT_SETTINGS, resolveSettings } from '../../src/extractors/settings.js';
import { ruledGrid, word } from '../helpers/synthetic.js';

describe('resolveSettings', () => {
  it('gives the defaults for nothing, as a copy', () => {
    const s = resolveSettings();
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s).not.toBe(DEFAULT_SETTINGS);
    expect(s.table.snapTolerance).toBe(2.5);
    expect(s.stitch.marginBand).toBe(0.08);
    expect(s.scan.acquire.maxPixels).toBe(2 ** 24);
  });

  it('lays a part over the defaults at any depth and keeps its siblings', () => {
    const s = resolveSettings({
      table: { snapTolerance: 4 },
      scan: { ocr: { retryConfidence: 0.5 } },
      text: { proseLines: { share: 0.3 } },
    });
    expect(s.table).toEqual({ ...DEFAULT_SETTINGS.table, snapTolerance: 4 });
    expect(s.scan.ocr).toEqual({ ...DEFAULT_SETTINGS.scan.ocr, retryConfidence: 0.5 });
    expect(s.scan.lines).toEqual(DEFAULT_SETTINGS.scan.lines);
    expect(s.text.proseLines).toEqual({ ...DEFAULT_SETTINGS.text.proseLines, share: 0.3 });
    expect(s.text.cellLines).toEqual(DEFAULT_SETTINGS.text.cellLines);
    // The defaults themselves are left alone.
    expect(DEFAULT_SETTINGS.table.snapTolerance).toBe(2.5);
  });

  it('refuses a value out of range or a setting that does not exist', () => {
    expect(() => resolveSettings({ table: { borderCoverage: 1.5 } })).toThrow(/borderCoverage/);
    expect(() => resolveSettings({ stitch: { marginMaxChars: -1 } })).toThrow(/marginMaxChars/);
    expect(() => resolveSettings({ text: { cellLines: { of: 'page' as never } } })).toThrow(/of/);
    expect(() => resolveSettings({ table: { snapTolerence: 3 } as never })).toThrow(/snapTolerence/);
  });
});

describe('settings reach the stages', () => {
  it('the picture share over which a picture is the page itself (garble.maxPictureShare)', () => {
    const picture: [number, number, number, number] = [0, 0, 595, 760]; // 91% of an A4 page
    expect(textlessPictures([], [picture], 595, 842, DEFAULT_SETTINGS.garble)).toEqual([]);
    expect(
      textlessPictures([], [picture], 595, 842, resolveSettings({ garble: { maxPictureShare: 0.95 } }).garble),
    ).toEqual([picture]);
  });

  it('the rows of a table without lines (alignment.rows)', () => {
    // Three rows whose words sit 3 pt off their row's first word (fonts of 10 pt, boxes 10 high).
    const words = [0, 20, 40].flatMap((y, i) => [
      word(`项目${i}`, 10, y, 60, y + 10),
      word(String(i + 1), 100, y + 3, 110, y + 13),
      word(String(i + 2), 150, y + 3, 160, y + 13),
    ]);
    expect(findAlignedTables(1, words, DEFAULT_SETTINGS)).toHaveLength(1);
    expect(findAlignedTables(1, words, resolveSettings({ alignment: { rows: { share: 0.2 } } }))).toEqual([]);
  });

  it('the margin band where OCR page numbers do not keep the parts of a table apart (stitch.marginBand)', () => {
    const header = ['项目', '自然人', '总计'];
    const page = (n: number, top: number, rows: string[][], prose: ReturnType<typeof word>[] = []) => {
      const ys = rows.map((_, i) => top + i * 20).concat(top + rows.length * 20);
      const xs = [50, 250, 350, 450];
      const words = rows.flatMap((r, i) => r.map((t, k) => word(t, xs[k]! + 2, ys[i]! + 5, xs[k]! + 40, ys[i]! + 15)));
      return {
        page: n,
        height: 842,
        grids: buildGrids(n, mergeSegments(ruledGrid(xs, ys), DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS),
        prose,
      };
    };
    // OCR's reading of "- 3 -" at 800 pt: inside the default 8% band (775 pt and below), outside a 3% one.
    const mark = { ...word('二3区', 280, 790, 300, 800), source: 'ocr' as const };
    const pages = [page(3, 600, [header, ['予以公开', '1', '1']], [mark]), page(4, 80, [['部分公开', '2', '2']])];
    expect(stitchTables(pages, DEFAULT_SETTINGS)).toHaveLength(1);
    expect(stitchTables(pages, resolveSettings({ stitch: { marginBand: 0.03 } }))).toHaveLength(2);
  });
});

describe('clusterMeans', () => {
  it('collapses positions within the tolerance of their neighbours into their mean, chained', () => {
    expect(clusterMeans([10, 12, 100, 11, 101.5, 300], 1.5)).toEqual([11, 100.75, 300]);
    expect(clusterMeans([0, 1, 2, 3], 1)).toEqual([1.5]);
    expect(clusterMeans([], 1)).toEqual([]);
  });
});
