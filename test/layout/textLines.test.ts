import { describe, expect, it } from 'vitest';
import { joinCellText } from '../../src/extractors/layout/grid.js';
import { groupLines, wordsToLines } from '../../src/extractors/layout/textLines.js';
import type { Word } from '../../src/extractors/model.js';
import { DEFAULT_SETTINGS, type LineGrouping } from '../../src/extractors/settings.js';
import { word } from '../helpers/synthetic.js';

const texts = (lines: Word[][]): string[][] => lines.map((l) => l.map((w) => w.text));

describe('groupLines', () => {
  const prose = DEFAULT_SETTINGS.text.proseLines;

  it('puts words into lines top to bottom, each left to right', () => {
    const words = [
      word('c', 60, 30, 70, 40),
      word('b', 30, 1, 40, 11),
      word('a', 0, 0, 10, 10),
      word('d', 0, 31, 10, 41),
    ];
    expect(texts(groupLines(words, prose))).toEqual([
      ['a', 'b'],
      ['d', 'c'],
    ]);
  });

  it("measures the tolerance on the height each caller names: the line's, the word's or the larger", () => {
    // A 20 pt word, then a 10 pt word whose centre is 6 pt lower.
    const words = [word('big', 0, 0, 20, 20), word('small', 30, 11, 40, 21)];
    const g = (of: 'line' | 'word' | 'larger'): LineGrouping => ({
      by: 'centres',
      order: 'centre',
      join: 'last',
      share: 0.4,
      of,
      atLeast: 0,
      strict: false,
    });
    expect(texts(groupLines(words, g('line')))).toEqual([['big', 'small']]); // 6 ≤ 0.4 × 20
    expect(texts(groupLines(words, g('word')))).toEqual([['big'], ['small']]); // 6 > 0.4 × 10
    expect(texts(groupLines(words, g('larger')))).toEqual([['big', 'small']]);
  });

  it('keeps a floor of points, inclusive unless strict', () => {
    const words = [word('a', 0, 0, 4, 4), word('b', 10, 4, 14, 8)]; // centres 4 pt apart, 4 pt high
    const g = (strict: boolean): LineGrouping => ({
      by: 'centres',
      order: 'top',
      join: 'first',
      share: 0.5,
      of: 'word',
      atLeast: 4,
      strict,
    });
    expect(texts(groupLines(words, g(false)))).toEqual([['a', 'b']]);
    expect(texts(groupLines(words, g(true)))).toEqual([['a'], ['b']]);
  });

  it("joins the first line a word fits (stitch's margin marks) or only the last one begun", () => {
    // Taken by their tops: a tall (centre 15), b small and high (centre 2), then c, centred on a's line.
    const words = [word('a', 0, 0, 10, 30), word('b', 20, 1, 30, 3), word('c', 40, 5, 50, 25)];
    const g = (join: LineGrouping['join']): LineGrouping => ({
      by: 'centres',
      order: 'top',
      join,
      share: 0.5,
      of: 'word',
      atLeast: 4,
      strict: true,
    });
    expect(texts(groupLines(words, g('first')))).toEqual([['a', 'c'], ['b']]);
    expect(texts(groupLines(words, g('last')))).toEqual([['a'], ['b'], ['c']]);
  });
});

describe('by overlap', () => {
  const overlap: LineGrouping = { by: 'overlap', order: 'topLeft', join: 'last', share: 0.5 };

  it('measures a word against the whole line so far, which grows as words join', () => {
    // b overlaps a by half its height; c overlaps the line a–b (0–14) but not a alone.
    const words = [word('a', 0, 0, 10, 10), word('b', 20, 5, 30, 14), word('c', 40, 11, 50, 16)];
    expect(texts(groupLines(words, overlap))).toEqual([['a', 'b', 'c']]);
    expect(texts(groupLines(words, { ...overlap, share: 0.9 }))).toEqual([['a'], ['b'], ['c']]);
  });

  it('never joins boxes that only touch', () => {
    expect(texts(groupLines([word('a', 0, 0, 10, 10), word('b', 0, 10, 10, 20)], { ...overlap, share: 0 }))).toEqual([
      ['a'],
      ['b'],
    ]);
  });
});

describe('the callers keep their own tolerances', () => {
  // Two 10 pt words whose centres are 4.7 pt apart: one line in a cell (≤ 5 = 0.5 × 10), two lines of prose (> 4.5).
  const words = [word('本年', 0, 0, 20, 10), word('新增', 25, 4.7, 45, 14.7)];

  it('a cell joins them into one line, prose keeps two', () => {
    expect(joinCellText(words, DEFAULT_SETTINGS.text)).toBe('本年新增');
    expect(wordsToLines(1, words, DEFAULT_SETTINGS.text).map((l) => l.text)).toEqual(['本年', '新增']);
  });

  it('prose keeps a space only between Latin or digit words that stand apart', () => {
    const line = [
      word('2023', 0, 0, 20, 10),
      word('年', 20, 0, 30, 10),
      word('12', 40, 0, 50, 10),
      word('ABC', 53, 0, 70, 10),
    ];
    expect(wordsToLines(3, line, DEFAULT_SETTINGS.text)).toEqual([
      { page: 3, text: '2023年12 ABC', top: 0, left: 0, fontSize: 10 },
    ]);
  });
});
