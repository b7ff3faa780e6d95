import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/extractors/layout/stitch.js';
import type { TextLine } from '../../src/extractors/layout/textLines.js';
import { kindFromHeading, tableHeadings, tableKinds } from '../../src/extractors/report/tableHeading.js';

const line = (page: number, top: number, text: string): TextLine => ({ page, top, left: 72, fontSize: 16, text });

/** A one-cell table on `page` whose top is at `top`. */
const tableAt = (page: number, top: number): Table => ({
  cells: [{ row: 0, col: 0, rowSpan: 1, colSpan: 1, page, bbox: [72, top, 500, top + 20], text: '0', words: [] }],
  rowCount: 1,
  colCount: 1,
  pages: [page],
});

describe('kindFromHeading', () => {
  it('names the table a heading reads as, printed or reworded', () => {
    expect(kindFromHeading('三、收到和处理政府信息公开申请情况')).toBe('applications');
    expect(kindFromHeading('二、主动公开政府信息情况')).toBe('disclosure');
    // hongze-district-2023 prints a shorter heading than the template's.
    expect(kindFromHeading('四、政府信息公开行政复议、行政诉讼情况')).toBe('appeals');
  });

  it('names nothing for other headings and for prose', () => {
    expect(kindFromHeading('五、存在的主要问题及改进情况')).toBeNull();
    expect(kindFromHeading('一、总体情况')).toBeNull();
    expect(kindFromHeading('本年度共收到政府信息公开申请21件')).toBeNull();
  });
});

describe('tableHeadings', () => {
  it('takes the line just above the table, or the last line of the page before', () => {
    const lines = [
      line(3, 100, '本年度共收到申请21件。'),
      line(3, 700, '四、政府信息公开行政复议、行政诉讼情况'),
      line(3, 800, '- 3 -'),
      line(4, 400, '五、存在的主要问题及改进情况'),
    ];
    expect(tableHeadings([tableAt(3, 730), tableAt(4, 60), tableAt(4, 600)], lines)).toEqual([
      '四、政府信息公开行政复议、行政诉讼情况',
      // Page 4 starts with the table: the heading ended page 3 (its page number is furniture).
      '四、政府信息公开行政复议、行政诉讼情况',
      // Too far below the line above it for that to be its heading.
      null,
    ]);
  });
});

describe('tableKinds', () => {
  it('takes a heading’s kind only for a table its own texts do not name, and only once', () => {
    const disclosure = ['信息内容', '本年制发件数', '规章', '行政规范性文件'];
    const unread = ['东里清接', '沁里纪'];
    expect(
      tableKinds([disclosure, unread], ['二、主动公开政府信息情况', '四、政府信息公开行政复议、行政诉讼情况']),
    ).toEqual(['disclosure', 'appeals']);
    // A second table under the disclosure heading is the report's own, not the template's.
    expect(tableKinds([disclosure, unread], [null, '二、主动公开政府信息情况'])).toEqual(['disclosure', null]);
  });
});
