import { describe, expect, it } from 'vitest';
import {
  buildGrids,
  borderCoverage,
  groupConnectedEdges,
  joinCellText,
  latticePositions,
} from '../../src/extractors/layout/grid.js';
import { joinCollinear, mergeSegments, snapSegments } from '../../src/extractors/layout/lines.js';
import { h, piecewise, ruledGrid, v, word } from '../helpers/synthetic.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

describe('mergeSegments', () => {
  it('snaps near-collinear pieces and joins touching ones into one edge', () => {
    const edges = mergeSegments(piecewise([h(100, 50, 250)], 20), DEFAULT_SETTINGS.table);
    expect(edges).toHaveLength(1);
    expect(edges[0]!.from).toBeCloseTo(50, 0);
    expect(edges[0]!.to).toBeCloseTo(250, 0);
    expect(edges[0]!.at).toBeCloseTo(100, 0);
  });

  it('keeps pieces with a real gap apart', () => {
    const edges = joinCollinear(snapSegments([h(10, 0, 40), h(10, 60, 100)], 2.5), 3);
    expect(edges.map((e) => [e.from, e.to])).toEqual([
      [0, 40],
      [60, 100],
    ]);
  });

  it('drops slivers shorter than the minimum edge length', () => {
    expect(mergeSegments([h(10, 0, 3), v(50, 0, 2)], DEFAULT_SETTINGS.table)).toEqual([]);
  });
});

describe('borderCoverage', () => {
  it('measures how much of a border is drawn', () => {
    const edges = [v(10, 0, 30), v(10, 50, 100)];
    expect(borderCoverage(edges, 10, 0, 100, 1)).toBeCloseTo(0.8);
    expect(borderCoverage(edges, 20, 0, 100, 1)).toBe(0);
  });
});

describe('buildGrids', () => {
  it('builds a 2×3 table and puts each word in its cell', () => {
    const segs = ruledGrid([0, 100, 150, 200], [0, 20, 40]);
    const words = [
      word('规章', 10, 5, 30, 15),
      word('0', 120, 5, 125, 15),
      word('5', 170, 5, 175, 15),
      word('行政许可', 10, 25, 50, 35),
      word('550', 120, 25, 135, 35),
    ];
    const [g] = buildGrids(1, mergeSegments(segs, DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS);
    expect(g!.rowCount).toBe(2);
    expect(g!.colCount).toBe(3);
    const text = (r: number, c: number): string | undefined => g!.cells.find((x) => x.row === r && x.col === c)?.text;
    expect(text(0, 0)).toBe('规章');
    expect(text(0, 2)).toBe('5');
    expect(text(1, 1)).toBe('550');
    expect(text(1, 2)).toBe('');
  });

  it('joins boxes whose shared border is not drawn into one spanning cell', () => {
    // Left column: one merged cell over three rows (三、本年度办理结果); right: three cells.
    const segs = [
      h(0, 0, 200),
      h(60, 0, 200),
      h(20, 50, 200),
      h(40, 50, 200),
      v(0, 0, 60),
      v(50, 0, 60),
      v(200, 0, 60),
    ];
    const words = [word('三、本', 10, 25, 40, 35), word('予以公开', 60, 5, 100, 15)];
    const [g] = buildGrids(1, mergeSegments(segs, DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS);
    const merged = g!.cells.find((c) => c.col === 0)!;
    expect(merged).toMatchObject({ row: 0, rowSpan: 3, colSpan: 1, text: '三、本' });
    expect(g!.cells.filter((c) => c.col === 1)).toHaveLength(3);
  });

  it('cuts a region that is not a rectangle into row runs: no two cells overlap, no word is read twice', () => {
    // A header row spanning three columns whose bottom border was lost under the first two
    // columns only (a faint line in a scan): the open boxes form an L, not a rectangle.
    const segs = [
      h(0, 0, 300),
      h(20, 200, 300),
      h(40, 0, 300),
      v(0, 0, 40),
      v(300, 0, 40),
      v(100, 20, 40),
      v(200, 20, 40),
    ];
    const words = [
      word('法人或其他组织', 100, 5, 200, 15),
      word('商业企业', 20, 25, 80, 35),
      word('科研机构', 120, 25, 180, 35),
      word('其他', 230, 25, 260, 35),
    ];
    const [g] = buildGrids(1, mergeSegments(segs, DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS);
    const cells = g!.cells;
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const a = cells[i]!;
        const b = cells[j]!;
        const overlap =
          a.row < b.row + b.rowSpan &&
          b.row < a.row + a.rowSpan &&
          a.col < b.col + b.colSpan &&
          b.col < a.col + a.colSpan;
        expect(overlap, `${a.row},${a.col} × ${b.row},${b.col}`).toBe(false);
      }
    }
    expect(cells.map((c) => c.text).filter((t) => t.includes('商业企业'))).toHaveLength(1);
    expect(cells.find((c) => c.row === 0 && c.col === 0)).toMatchObject({
      colSpan: 3,
      rowSpan: 1,
      text: '法人或其他组织',
    });
  });

  it('spans columns where a vertical border is missing in one row only', () => {
    const segs = [
      h(0, 0, 300),
      h(20, 0, 300),
      h(40, 0, 300),
      v(0, 0, 40),
      v(100, 0, 40),
      v(200, 20, 40),
      v(300, 0, 40),
    ];
    const [g] = buildGrids(
      1,
      mergeSegments(segs, DEFAULT_SETTINGS.table),
      [word('申请人情况', 150, 5, 250, 15)],
      DEFAULT_SETTINGS,
    );
    const header = g!.cells.find((c) => c.row === 0 && c.col === 1)!;
    expect(header).toMatchObject({ colSpan: 2, text: '申请人情况' });
    expect(g!.cells.filter((c) => c.row === 1)).toHaveLength(3);
  });

  it('recovers the last row when the bottom border is not drawn (table continues on the next page)', () => {
    const segs = [h(0, 0, 100), h(20, 0, 100), v(0, 0, 40), v(50, 0, 40), v(100, 0, 40)];
    const [g] = buildGrids(
      1,
      mergeSegments(segs, DEFAULT_SETTINGS.table),
      [word('21', 60, 25, 70, 35)],
      DEFAULT_SETTINGS,
    );
    expect(g!.rowCount).toBe(2);
    expect(g!.cells.find((c) => c.row === 1 && c.col === 1)!.text).toBe('21');
  });

  it('reads tables drawn as many short pieces the same as whole lines', () => {
    const xs = [0, 80, 120, 160];
    const ys = [0, 20, 40, 60];
    const words = [word('7', 95, 25, 100, 35)];
    const whole = buildGrids(1, mergeSegments(ruledGrid(xs, ys), DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS)[0]!;
    const pieces = buildGrids(
      1,
      mergeSegments(piecewise(ruledGrid(xs, ys), 7), DEFAULT_SETTINGS.table),
      words,
      DEFAULT_SETTINGS,
    )[0]!;
    expect(pieces.rowCount).toBe(whole.rowCount);
    expect(pieces.colCount).toBe(whole.colCount);
    expect(pieces.cells.find((c) => c.text === '7')).toMatchObject({ row: 1, col: 1 });
  });

  it('keeps two separate tables on one page apart', () => {
    const segs = [...ruledGrid([0, 50, 100], [0, 20, 40]), ...ruledGrid([0, 50, 100], [100, 120, 140])];
    const grids = buildGrids(
      1,
      mergeSegments(segs, DEFAULT_SETTINGS.table),
      [word('a', 10, 5, 20, 15), word('b', 10, 105, 20, 115)],
      DEFAULT_SETTINGS,
    );
    expect(grids).toHaveLength(2);
    expect(grids[0]!.bbox[1]).toBeLessThan(grids[1]!.bbox[1]);
  });

  it('ignores a lone underline and a box with no text', () => {
    expect(
      buildGrids(1, mergeSegments([h(10, 0, 100)], DEFAULT_SETTINGS.table), [word('x', 5, 0, 10, 8)], DEFAULT_SETTINGS),
    ).toEqual([]);
    expect(
      buildGrids(1, mergeSegments(ruledGrid([0, 10], [0, 10]), DEFAULT_SETTINGS.table), [], DEFAULT_SETTINGS),
    ).toEqual([]);
  });

  it('joins a wrapped label over several lines into one text, Latin words spaced', () => {
    const segs = ruledGrid([0, 100], [0, 40]);
    const words = [
      word('（二）部分公开（区分处理', 2, 2, 98, 12),
      word('的，只计这一情形）', 2, 14, 90, 24),
      word('80', 2, 26, 12, 36),
      word('万元', 14, 26, 34, 36),
    ];
    const [g] = buildGrids(1, mergeSegments(segs, DEFAULT_SETTINGS.table), words, DEFAULT_SETTINGS);
    expect(g!.cells[0]!.text).toBe('（二）部分公开（区分处理的，只计这一情形）80万元');
  });
});

describe('groupConnectedEdges / latticePositions', () => {
  it('collapses near-equal positions', () => {
    const groups = groupConnectedEdges([h(0, 0, 100), h(20.5, 0, 100), v(0, 0, 20), v(100.8, 0, 21)], 3);
    expect(groups).toHaveLength(1);
    const { xs, ys } = latticePositions(groups[0]!, 2.5);
    expect(xs).toHaveLength(2);
    expect(ys).toHaveLength(2);
  });
});

describe('joinCellText', () => {
  it('reads OCR boxes of one line left to right however their tops differ, wrapped lines top to bottom', () => {
    // As tesseract boxed "4,不同意公开答复数" at 150 dpi: the comma's box lower than the glyphs'.
    const line = [
      word('不', 102, 96, 112, 104),
      word('同意', 119, 96, 140, 106),
      word('4,', 88, 100, 98, 107),
      word('公开', 132, 100, 150, 110),
      word('答复', 152, 96, 170, 106),
      word('数', 173, 100, 182, 110),
    ];
    expect(joinCellText(line, DEFAULT_SETTINGS.text)).toBe('4,不同意公开答复数');
    const wrapped = [
      word('危及国家安全、公共安全、', 88, 100, 300, 110),
      word('经济安全和社会稳定', 88, 113, 250, 123),
    ];
    expect(joinCellText(wrapped, DEFAULT_SETTINGS.text)).toBe('危及国家安全、公共安全、经济安全和社会稳定');
  });
});
