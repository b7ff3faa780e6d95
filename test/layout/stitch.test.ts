import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../src/extractors/layout/grid.js';
import { mergeSegments } from '../../src/extractors/layout/lines.js';
import { isPageFurniture, stitchTables, type PageGrids } from '../../src/extractors/layout/stitch.js';
import type { Word } from '../../src/extractors/model.js';
import { ruledGrid, word } from '../helpers/synthetic.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

const XS = [50, 250, 300, 350];

/** A page holding one ruled table whose rows are the given texts (one per column). */
function page(n: number, top: number, rows: string[][], prose: Word[] = [], shift = 0): PageGrids {
  const xs = XS.map((x) => x + shift);
  const ys = rows.map((_, i) => top + i * 20).concat(top + rows.length * 20);
  const words = rows.flatMap((r, i) =>
    r
      .map((t, k) => (t ? word(t, xs[k]! + 2, ys[i]! + 5, xs[k]! + 2 + 9 * [...t].length, ys[i]! + 15) : null))
      .filter((w): w is Word => w !== null),
  );
  return {
    page: n,
    height: 842,
    grids: buildGrids(n, mergeSegments(ruledGrid(xs, ys), DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS),
    prose,
  };
}

const header = ['信息内容', '自然人', '总计'];

describe('stitchTables', () => {
  it('joins a table continued on the next page without a header', () => {
    const tables = stitchTables(
      [
        page(3, 600, [header, ['予以公开', '1', '1']]),
        page(
          4,
          80,
          [
            ['部分公开', '2', '2'],
            ['总计', '3', '3'],
          ],
          [word('- 4 -', 280, 800, 300, 810)],
        ),
      ],
      DEFAULT_SETTINGS,
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rowCount).toBe(4);
    expect(tables[0]!.pages).toEqual([3, 4]);
    const last = tables[0]!.cells.filter((c) => c.row === 3).map((c) => c.text);
    expect(last).toEqual(['总计', '3', '3']);
    expect(tables[0]!.cells.find((c) => c.text === '部分公开')!.page).toBe(4);
  });

  it('drops a header repeated at the top of the next page', () => {
    const tables = stitchTables(
      [page(3, 600, [header, ['予以公开', '1', '1']]), page(4, 80, [header, ['部分公开', '2', '2']])],
      DEFAULT_SETTINGS,
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rowCount).toBe(3);
    expect(tables[0]!.cells.filter((c) => c.text === '信息内容')).toHaveLength(1);
  });

  it('drops a repeated header OCR read a little differently, and never glues it to the values above', () => {
    // The header again at the top of page 4, one character misread (总计 as 总汁).
    const tables = stitchTables(
      [
        page(3, 600, [header, ['予以公开', '1', '1']]),
        page(4, 80, [
          ['信息内容', '自然人', '总汁'],
          ['部分公开', '2', '2'],
        ]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(tables[0]!.rowCount).toBe(3);
    expect(tables[0]!.cells.filter((c) => /自然人/u.test(c.text))).toHaveLength(1);
    // Too garbled to be known as the header: a row of its own, not text appended to the numbers.
    const garbled = stitchTables(
      [
        page(3, 600, [header, ['予以公开', '1', '1']]),
        page(4, 80, [
          ['', '自然久', '总汁'],
          ['部分公开', '2', '2'],
        ]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(garbled[0]!.cells.find((c) => c.row === 1 && c.col === 1)!.text).toBe('1');
    expect(garbled[0]!.rowCount).toBe(4);
  });

  it('keeps a header under a row with a single value a row of its own (行政强制 | | 0, then 第二十条第（八）项)', () => {
    const tables = stitchTables(
      [
        page(2, 600, [header, ['行政强制', '', '0']]),
        page(3, 80, [
          ['', '第二十条第（八）项', ''],
          ['行政事业性收费', '', '0'],
        ]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(tables[0]!.cells.find((c) => c.row === 1 && c.col === 0)!.text).toBe('行政强制');
    expect(tables[0]!.cells.find((c) => c.row === 1 && c.col === 2)!.text).toBe('0');
    expect(tables[0]!.rowCount).toBe(4);
  });

  it('joins a row whose label breaks over the page into one row', () => {
    const tables = stitchTables(
      [
        page(5, 600, [header, ['2.其他法律行政法规', '0', '0']]),
        page(6, 80, [
          ['禁止公开', '', ''],
          ['3.危及“三安全一稳定”', '0', '0'],
        ]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rowCount).toBe(3);
    expect(tables[0]!.cells.find((c) => c.row === 1 && c.col === 0)!.text).toBe('2.其他法律行政法规禁止公开');
  });

  it('keeps tables apart when a heading stands between them', () => {
    const tables = stitchTables(
      [
        page(3, 600, [header, ['予以公开', '1', '1']]),
        page(
          4,
          120,
          [['结果维持', '结果纠正', '总计']],
          [word('四、政府信息公开行政复议、行政诉讼情况', 50, 90, 300, 105)],
        ),
      ],
      DEFAULT_SETTINGS,
    );
    expect(tables).toHaveLength(2);
  });

  it('lines up the columns of a part scanned a few points off the page before', () => {
    const tables = stitchTables(
      [page(3, 600, [header, ['予以公开', '1', '1']]), page(4, 80, [['部分公开', '2', '2']], [], 4)],
      DEFAULT_SETTINGS,
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.colCount).toBe(3);
    expect(tables[0]!.cells.filter((c) => c.row === 2).map((c) => [c.col, c.text])).toEqual([
      [0, '部分公开'],
      [1, '2'],
      [2, '2'],
    ]);
  });

  it('joins a part shifted up to 16 pt (a 150 dpi scan 7 pt off), but not one of another width or further off', () => {
    const part3 = page(3, 600, [header, ['予以公开', '1', '1']]);
    expect(stitchTables([part3, page(4, 80, [['部分公开', '2', '2']], [], 7.2)], DEFAULT_SETTINGS)).toHaveLength(1);
    expect(stitchTables([part3, page(4, 80, [['部分公开', '2', '2']], [], 20)], DEFAULT_SETTINGS)).toHaveLength(2);
    const narrower = page(4, 80, [['部分公开', '2', '2']]);
    narrower.grids[0]!.bbox[2] -= 10;
    expect(stitchTables([part3, narrower], DEFAULT_SETTINGS)).toHaveLength(2);
  });

  it(
    'joins parts across a page number OCR misread, but not across a short line of text in the page body or of a ' +
      'text layer',
    () => {
      const ocr = (w: Word): Word => ({ ...w, source: 'ocr', confidence: 0.5 });
      const misread = [
        word('二', 285, 798, 289, 806),
        word('3', 292, 795, 298, 805),
        word('区', 301, 798, 304, 806),
      ].map(ocr);
      expect(
        stitchTables(
          [page(3, 600, [header, ['予以公开', '1', '1']], misread), page(4, 80, [['部分公开', '2', '2']])],
          DEFAULT_SETTINGS,
        ),
      ).toHaveLength(1);
      expect(
        stitchTables(
          [
            page(3, 600, [header, ['予以公开', '1', '1']], [ocr(word('附表', 60, 700, 80, 710))]),
            page(4, 80, [['部分公开', '2', '2']]),
          ],
          DEFAULT_SETTINGS,
        ),
      ).toHaveLength(2);
      expect(
        stitchTables(
          [
            page(3, 600, [header, ['予以公开', '1', '1']]),
            page(4, 80, [['部分公开', '2', '2']], [word('附表1', 60, 40, 90, 50)]),
          ],
          DEFAULT_SETTINGS,
        ),
      ).toHaveLength(2);
    },
  );

  it('keeps tables apart when the next page does not follow directly', () => {
    expect(
      stitchTables([page(3, 600, [header, ['a', '1', '1']]), page(5, 80, [['b', '2', '2']])], DEFAULT_SETTINGS),
    ).toHaveLength(2);
  });
});

describe('isPageFurniture', () => {
  it('knows page numbers', () => {
    for (const s of ['- 3 -', '-3-', '一 3 一', '第 3 页', '3/5', '12']) expect(isPageFurniture(s)).toBe(true);
    expect(isPageFurniture('三、收到和处理政府信息公开申请情况')).toBe(false);
  });
});

describe('stitchTables with running headers', () => {
  it('joins across a running header repeated on every page, but not across a heading', () => {
    const header1 = word('洪泽区人民政府2023年政府信息公开工作年度报告', 100, 30, 400, 42);
    const header2 = word('洪泽区人民政府2023年政府信息公开工作年度报告', 100, 30, 400, 42);
    const joined = stitchTables(
      [page(3, 600, [header, ['予以公开', '1', '1']], [header1]), page(4, 80, [['部分公开', '2', '2']], [header2])],
      DEFAULT_SETTINGS,
    );
    expect(joined).toHaveLength(1);
    const apart = stitchTables(
      [
        page(3, 600, [header, ['予以公开', '1', '1']]),
        page(4, 120, [['结果维持', '结果纠正', '总计']], [word('四、行政复议、行政诉讼情况', 50, 60, 300, 75)]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(apart).toHaveLength(2);
  });

  it('takes 续表 for furniture', () => {
    expect(isPageFurniture('续表')).toBe(true);
    expect(isPageFurniture('（续）')).toBe(true);
  });
});
