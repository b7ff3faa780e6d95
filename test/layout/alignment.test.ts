import { describe, expect, it } from 'vitest';
import { findAlignedTables } from '../../src/extractors/layout/alignment.js';
import type { Word } from '../../src/extractors/model.js';
import { word } from '../helpers/synthetic.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

/** A line of words at the given x positions. */
const line = (y: number, items: Array<[string, number]>): Word[] =>
  items.map(([t, x]) => word(t, x, y, x + 10 * [...t].length, y + 10));

describe('findAlignedTables', () => {
  it('builds a grid from aligned columns without ruling lines', () => {
    const words = [
      ...line(100, [
        ['信息内容', 50],
        ['本年制发件数', 200],
        ['本年废止件数', 300],
        ['现行有效件数', 400],
      ]),
      ...line(120, [
        ['规章', 50],
        ['3', 230],
        ['0', 330],
        ['12', 430],
      ]),
      ...line(140, [
        ['行政规范性文件', 50],
        ['5', 230],
        ['2', 330],
        ['40', 430],
      ]),
    ];
    const [g] = findAlignedTables(1, words, DEFAULT_SETTINGS);
    expect(g).toBeDefined();
    expect(g!.rowCount).toBe(3);
    expect(g!.colCount).toBe(4);
    const text = (r: number, c: number): string | undefined => g!.cells.find((x) => x.row === r && x.col === c)?.text;
    expect(text(2, 0)).toBe('行政规范性文件');
    expect(text(2, 3)).toBe('40');
    expect(text(0, 2)).toBe('本年废止件数');
  });

  it('leaves prose alone', () => {
    const words = [
      ...line(100, [['2023 年，我区在政府网站平台主动公开政府信息 1136 条。', 50]]),
      ...line(120, [['依申请公开受理渠。2023 年全区受理政府信息公开申请 21 件', 50]]),
      ...line(140, [['均在法定期限答复。', 50]]),
    ];
    expect(findAlignedTables(1, words, DEFAULT_SETTINGS)).toEqual([]);
  });
});
