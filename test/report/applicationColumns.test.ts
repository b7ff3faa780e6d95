import { describe, expect, it } from 'vitest';
import {
  appealColumns,
  applicationColumns,
  applicationRows,
  disclosureRows,
} from '../../src/extractors/report/normalise.js';
import type { ValueCell } from '../../src/extractors/report/tableCells.js';
import type { GridCell } from '../../src/extractors/layout/grid.js';

/** Value cells of one row of an applications table: one per header, numbers throughout. */
function row(headers: readonly (string | null)[], r = 3, firstCol = 3): ValueCell[] {
  return headers.map((h, i) => ({
    cell: {
      row: r,
      col: firstCol + i,
      rowSpan: 1,
      colSpan: 1,
      text: '1',
      words: [],
      bbox: [0, 0, 1, 1],
      page: 1,
    } as GridCell,
    parsed: { kind: 'number', value: 1 },
    headers: h ? [h] : ['直多人', '申请人情况'],
    labels: ['一、本年新收政府信息公开申请数量'],
  }));
}

const PRINTED = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const COLUMN_IDS = ['naturalPerson', 'business', 'research', 'nonprofit', 'legalService', 'otherOrg', 'total'];

describe('applicationColumns', () => {
  it('names every column by its header', () => {
    expect([...applicationColumns(row(PRINTED)).names.values()]).toEqual(COLUMN_IDS);
  });

  it('names an unreadable header by the template order when both neighbours were read', () => {
    for (const k of [0, 3, 6]) {
      const headers = PRINTED.map((h, i) => (i === k ? null : h));
      expect(applicationColumns([...row(headers), ...row(headers, 4)]).names.get(3 + k)).toBe(
        ['naturalPerson', 'nonprofit', 'total'][[0, 3, 6].indexOf(k)],
      );
    }
  });

  it('names two unreadable neighbours only by the shape of the seven columns, flagged as by place', () => {
    const headers = PRINTED.map((h, i) => (i === 2 || i === 3 ? null : h));
    const cols = applicationColumns(row(headers));
    expect(cols.names.get(5)).toBe('research');
    expect(cols.names.get(6)).toBe('nonprofit');
    expect(cols.names.get(7)).toBe('legalService');
    expect([...cols.byPlace].sort()).toEqual([5, 6]);
  });

  it('leaves them unnamed when the table is not of the template shape', () => {
    // Six columns: one of the template's is not printed, so places say nothing.
    const six = PRINTED.slice(0, 6).map((h, i) => (i === 2 || i === 3 ? null : h));
    const cols = applicationColumns(row(six));
    expect(cols.names.has(5)).toBe(false);
    expect(cols.names.has(6)).toBe(false);
    expect(cols.byPlace.size).toBe(0);
    // Seven columns, but a header read out of its place (总计 second): not the template's order.
    const moved = [null, '总计', null, null, null, null, null];
    expect(applicationColumns(row(moved)).byPlace.size).toBe(0);
  });

  it('names seven columns of which no header was read by their places', () => {
    const cols = applicationColumns(row(PRINTED.map(() => null)));
    expect([...cols.names.values()]).toEqual(COLUMN_IDS);
    expect(cols.byPlace.size).toBe(7);
  });

  it('does not count a stray number in a label column as a column of the table', () => {
    const stray = row([null], 15, 1);
    const headers = PRINTED.map((h, i) => (i === 0 ? null : h));
    const cols = applicationColumns([...stray, ...row(headers), ...row(headers, 4), ...row(headers, 5)]).names;
    expect(cols.get(3)).toBe('naturalPerson');
    expect(cols.has(1)).toBe(false);
  });
});

describe('appealColumns', () => {
  const LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const GROUPS = [['行政复议'], ['未经复议直接起诉', '行政诉讼'], ['复议后起诉', '行政诉讼']];
  /** The one value row of an appeals table: five columns per group, `unread` headers garbled. */
  function appealRow(unread: ReadonlySet<number>): ValueCell[] {
    return GROUPS.flatMap((group, g) =>
      LABELS.map((label, k) => {
        const col = 5 * g + k;
        return {
          cell: { row: 3, col, rowSpan: 1, colSpan: 1, text: '0', words: [], bbox: [0, 0, 1, 1], page: 1 } as GridCell,
          parsed: { kind: 'number', value: 0 },
          headers: [unread.has(col) ? '结泉' : label, ...group],
          labels: [],
        };
      }),
    );
  }

  it('names an unreadable header within its group, never across groups', () => {
    const cols = appealColumns(appealRow(new Set([1, 9, 10]))).names;
    expect(cols.get(1)).toBe('corrected');
    expect(cols.get(9)).toBe('total');
    expect(cols.get(10)).toBe('upheld');
    expect(cols.size).toBe(15);
  });

  it('names a group’s two unreadable neighbours only by the shape of the fifteen columns', () => {
    const cols = appealColumns(appealRow(new Set([2, 3])));
    expect(cols.names.get(2)).toBe('other');
    expect(cols.names.get(3)).toBe('pending');
    expect([...cols.byPlace].sort()).toEqual([2, 3]);
  });

  it('places groups and columns of a row of fifteen whose headers were not read', () => {
    const unread = appealRow(new Set(Array.from({ length: 15 }, (_, i) => i))).map((v) => ({
      ...v,
      headers: ['结泉'],
    }));
    const cols = appealColumns(unread);
    expect(cols.groups.get(7)).toBe('suitDirect');
    expect(cols.names.get(7)).toBe('other');
    expect(cols.groups.get(14)).toBe('suitAfterReview');
    expect(cols.names.get(14)).toBe('total');
    expect(cols.byPlace.size).toBe(15);
    // Fourteen columns are not the template's row: nothing is placed.
    expect(appealColumns(unread.slice(0, 14)).byPlace.size).toBe(0);
  });
});

describe('disclosureRows', () => {
  /** One value cell per row of a 2021 disclosure table, labelled as printed (null: no label read). */
  const rows = (labels: readonly (string | null)[]): ValueCell[] =>
    labels.map((label, r) => ({
      cell: {
        row: 2 + r,
        col: 1,
        rowSpan: 1,
        colSpan: 1,
        text: '0',
        words: [],
        bbox: [0, 0, 1, 1],
        page: 1,
      } as GridCell,
      parsed: { kind: 'number', value: 0 },
      headers: ['本年制发件数'],
      labels: label === null ? [] : [label],
    }));

  it('names each row by its label', () => {
    expect([...disclosureRows(rows(['规章', '行政规范性文件', '行政许可']), '2021').names.values()]).toEqual([
      'rules',
      'normativeDocs',
      'licensing',
    ]);
  });

  it('names an unreadable first row (规章 read as 规刘, or as the number 28) by the row read after it', () => {
    expect(disclosureRows(rows(['规刘', '行政规范性文件']), '2021').names.get(2)).toBe('rules');
    expect(disclosureRows(rows([null, '行政规范性文件']), '2021').names.get(2)).toBe('rules');
  });

  it('names an unreadable row between two read rows one apart in the template, and no other', () => {
    expect(disclosureRows(rows(['行政许可', '行攻处刑', '行政强制']), '2021').names.get(3)).toBe('penalty');
    // Two unread rows: nothing to place them by.
    const two = disclosureRows(rows(['行政许可', null, null, '行政事业性收费']), '2021').names;
    expect([two.has(3), two.has(4)]).toEqual([false, false]);
  });

  /** A 2021 disclosure table's value rows with labels OCR could not read: `widths` values each. */
  const unreadTable = (widths: readonly number[]): ValueCell[] =>
    widths.flatMap((n, r) =>
      Array.from({ length: n }, (_, k) => ({
        ...rows(['囗'])[0]!,
        cell: { ...rows(['囗'])[0]!.cell, row: 2 + 3 * r, col: 1 + k },
        headers: ['木年'],
        labels: ['东里清'],
      })),
    );

  it('names rows of unread labels by the shape of the template: as many rows, each as wide', () => {
    const named = disclosureRows(unreadTable([3, 3, 1, 1, 1, 1]), '2021');
    expect([...named.names.values()]).toEqual([
      'rules',
      'normativeDocs',
      'licensing',
      'penalty',
      'enforcement',
      'fees',
    ]);
    expect(named.byPlace.size).toBe(6);
    // A row of two values where the template has one: not the template's table.
    expect(disclosureRows(unreadTable([3, 3, 2, 1, 1, 1]), '2021').byPlace.size).toBe(0);
    expect(disclosureRows(unreadTable([3, 3, 1, 1, 1]), '2021').byPlace.size).toBe(0);
  });
});

describe('applicationRows', () => {
  const labelled = (r: number, labels: string[]): ValueCell => ({ ...row(['自然人'], r)[0]!, labels });

  it('names a row whose label OCR garbled ((七)总计 as 人世)总计) by the rows read around it', () => {
    const values = [
      labelled(25, ['三、本年度办理结果', '（六）其他处理', '3.其他']),
      labelled(26, ['三、本年度办理结果', '人世)总计']),
      labelled(27, ['四、结转下年度继续办理']),
    ];
    expect([...applicationRows(values).names]).toEqual([
      [25, 'other.misc'],
      [26, 'total'],
      [27, 'carriedForward'],
    ]);
    // Two ids left between the rows read, and a label like neither: not placed.
    const unpaid = labelled(24, [
      '三、本年度办理结果',
      '（六）其他处理',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    ]);
    expect(applicationRows([unpaid, labelled(26, ['囗囗']), values[2]!]).names.has(26)).toBe(false);
  });
});
