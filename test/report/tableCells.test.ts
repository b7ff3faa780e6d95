import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../src/extractors/layout/grid.js';
import type { Table } from '../../src/extractors/layout/stitch.js';
import type { Word } from '../../src/extractors/model.js';
import { checkStructure } from '../../src/validate/report.js';
import { normaliseTables } from '../../src/extractors/report/normalise.js';
import { TableIndex } from '../../src/extractors/report/tableCells.js';

const HEADERS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const LABELS = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '（一）予以公开',
  '（二）部分公开',
  '（七）总计',
];

/**
 * An applications table: a header row, then one row per label with 7 numbers. `misread` puts
 * text where a number belongs (7 read by OCR as 了) at [row, column of the numbers].
 */
/** A one-cell-wide grid cell at [row, col] holding `text` as one word read from `source`. */
function wordCell(source: 'text' | 'ocr', row: number, col: number, text: string): GridCell {
  const word: Word = { text, bbox: [0, 0, 1, 1], fontSize: 10, source, confidence: source === 'ocr' ? 0.95 : 1 };
  return {
    row,
    col,
    rowSpan: 1,
    colSpan: 1,
    page: 1,
    bbox: [col * 50, row * 20, col * 50 + 50, row * 20 + 20],
    text,
    words: [word],
  };
}

/** A page read upright (OCR's frame: no turn, no skew). */
const UPRIGHT = new Map([[1, { angle: 0, turns: 0, cx: 0, cy: 0, width: 595, height: 842 }]]);

/** 政府集中采购 as the disclosure table prints it, its amount with the unit in the cell. */
function procurement(
  source: 'text' | 'ocr',
  amount: string,
  headers = ['信息内容', '采购项目数量', '采购总金额'],
): Table {
  const cells = [headers, ['政府集中采购', '4', amount]].flatMap((row, r) =>
    row.map((text, c) => wordCell(source, r, c, text)),
  );
  return { cells, rowCount: 2, colCount: 3, pages: [1] };
}

function applicationsTable(source: 'text' | 'ocr', misread?: { row: number; col: number; text: string }): Table {
  const cells: GridCell[] = [];
  const put = (row: number, col: number, text: string): void => {
    cells.push(wordCell(source, row, col, text));
  };
  put(0, 0, '申请人情况');
  HEADERS.forEach((h, i) => put(0, 1 + i, h));
  LABELS.forEach((label, r) => {
    put(r + 1, 0, label);
    HEADERS.forEach((_, i) =>
      put(r + 1, 1 + i, misread && misread.row === r + 1 && misread.col === i + 1 ? misread.text : String(r + i + 1)),
    );
  });
  return { cells, rowCount: LABELS.length + 1, colCount: HEADERS.length + 1, pages: [1] };
}

describe('TableIndex: text where a number belongs', () => {
  it('is a misread value, not a label: the numbers to its right keep their row', () => {
    const table = applicationsTable('ocr', { row: 4, col: 1, text: '了' });
    const index = new TableIndex(table);
    const misread = table.cells.find((c) => c.text === '了')!;
    expect(index.isMisreadValue(misread)).toBe(true);
    expect(index.isText(misread)).toBe(false);
    const right = index.valueCells().find((v) => v.cell.row === 4 && v.cell.col === 2)!;
    expect(right.labels).toEqual(['（二）部分公开']);
    expect(index.valueCells().find((v) => v.cell === misread)?.parsed.kind).toBe('text');
  });

  it('leaves header and label cells alone, and text in a row without numbers', () => {
    const table = applicationsTable('ocr');
    const index = new TableIndex(table);
    expect(table.cells.filter((c) => index.isMisreadValue(c))).toEqual([]);
    // A repeated header row below the numbers (a page break) holds no numbers: still headers.
    const repeated = applicationsTable('ocr');
    HEADERS.forEach((h, i) =>
      repeated.cells.push({
        row: 6,
        col: 1 + i,
        rowSpan: 1,
        colSpan: 1,
        page: 2,
        bbox: [0, 0, 1, 1],
        text: h,
        words: [],
      }),
    );
    repeated.rowCount = 7;
    const r = new TableIndex(repeated);
    expect(repeated.cells.filter((c) => r.isMisreadValue(c))).toEqual([]);
  });

  it('normalises an OCR misread to a null value at confidence 0 (flagged), its row intact', () => {
    const { cells } = normaliseTables(
      [applicationsTable('ocr', { row: 4, col: 1, text: '了' })],
      '2021',
      new Map([[1, { angle: 0, turns: 0, cx: 0, cy: 0, width: 595, height: 842 }]]),
    );
    expect(cells['applications.partlyGranted.naturalPerson']).toMatchObject({
      value: null,
      raw: '了',
      confidence: 0,
      source: 'ocr',
    });
    expect(cells['applications.partlyGranted.business']?.value).toBe(5);
    expect(cells['applications.partlyGranted.total']?.value).toBe(10);
  });

  it('keeps a text-layer misread as an unread value that report.structure names, its row intact', () => {
    const { cells } = normaliseTables([applicationsTable('text', { row: 4, col: 1, text: '七件' })], '2021');
    expect(cells['applications.partlyGranted.naturalPerson']).toMatchObject({
      value: null,
      raw: '七件',
      confidence: 0,
      source: 'text',
    });
    expect(cells['applications.partlyGranted.business']?.value).toBe(5);
    const structure = checkStructure({ agency: null, year: 2021, era: '2021', publishedOn: null }, cells).filter((i) =>
      i.cells.includes('applications.partlyGranted.naturalPerson'),
    );
    expect(structure).toHaveLength(1);
    expect(structure[0]!.message).toContain('"七件"');
  });
});

describe('normaliseTables: a table of the template’s shape whose headers were not read', () => {
  /** An appeals table: one row of garbled headers over the fifteen numbers 1..15. */
  function unreadAppeals(source: 'text' | 'ocr', misread: ReadonlyMap<number, string> = new Map()): Table {
    const cells: GridCell[] = [];
    for (let col = 0; col < 15; col++) {
      cells.push(wordCell(source, 0, col, '结泉'));
      cells.push(wordCell(source, 1, col, misread.get(col) ?? String(col + 1)));
    }
    return { cells, rowCount: 2, colCount: 15, pages: [1] };
  }

  it('names OCR values by their places (the appeals kind told by the heading above), each flagged', () => {
    const { cells } = normaliseTables([unreadAppeals('ocr')], '2021', UPRIGHT, 2021, new Map(), ['appeals']);
    expect(cells['appeals.review.upheld']).toMatchObject({ value: 1, confidence: 0.5 });
    expect(cells['appeals.suitDirect.other']).toMatchObject({ value: 8, confidence: 0.5 });
    expect(cells['appeals.suitAfterReview.total']).toMatchObject({ value: 15, confidence: 0.5 });
  });

  it('keeps a value misread as text between two numbers of the row as a doubtful empty value', () => {
    // putian-stats-2020 as a 150 dpi black-and-white scan: a 0 of the suits read as 人.
    const table = unreadAppeals('ocr', new Map([[9, '人']]));
    expect(new TableIndex(table).isMisreadValue(table.cells.find((c) => c.text === '人')!)).toBe(true);
    const { cells } = normaliseTables([table], '2021', UPRIGHT, 2021, new Map(), ['appeals']);
    expect(cells['appeals.suitDirect.total']).toMatchObject({ value: null, raw: '人', confidence: 0 });
    expect(cells['appeals.suitAfterReview.upheld']).toMatchObject({ value: 11, confidence: 0.5 });
    // A header row with years in it is no row of values: its text stays a header.
    const years = unreadAppeals('ocr', new Map([[9, '人']]));
    const header = years.cells.filter((c) => c.row === 0);
    header[0]!.text = '2019';
    header[2]!.text = '2020';
    const index = new TableIndex(years);
    expect(index.isMisreadValue(header[1]!)).toBe(false);
  });

  it('takes a header OCR read as a number for a header, not for the value below it', () => {
    // putian-city-2019 as a 150 dpi black-and-white scan: the last 总计 of the header read as 8.
    const table = unreadAppeals('ocr');
    const total = table.cells.find((c) => c.row === 0 && c.col === 14)!;
    total.text = '8';
    const index = new TableIndex(table);
    expect(index.isText(total)).toBe(true);
    expect(index.valueCells().map((v) => v.cell.row)).toEqual(new Array(15).fill(1));
    const { cells } = normaliseTables([table], '2021', UPRIGHT, 2021, new Map(), ['appeals']);
    expect(cells['appeals.suitAfterReview.total']).toMatchObject({ value: 15, confidence: 0.5 });
    // A number of a row of values stays a value, however few numbers the row holds.
    const lone = unreadAppeals('ocr', new Map([...Array(14).keys()].map((col) => [col, '人'] as const)));
    expect(new TableIndex(lone).isText(lone.cells.find((c) => c.row === 1 && c.col === 14)!)).toBe(false);
  });

  it('names nothing by place on a text layer: labels that name no column are another table’s', () => {
    const { cells } = normaliseTables([unreadAppeals('text')], '2021', new Map(), 2021, new Map(), ['appeals']);
    expect(Object.keys(cells)).toEqual([]);
  });
});

describe('normaliseTables: a disclosure row printing fewer columns than the template, its header misread', () => {
  /** putian-city-2019's 第二十条第（五）项 as 150 dpi 1-bit OCR read it: 处理决定数量 as `header`. */
  function licensing(source: 'text' | 'ocr', header: string): Table {
    const cells = [
      ['信息内容', '2019年项目数量', header],
      ['行政许可', '2870', '123291'],
      ['其他对外管理服务事项', '5408', '835562'],
    ].flatMap((texts, row) => texts.map((text, col) => wordCell(source, row, col, text)));
    return { cells, rowCount: 3, colCount: 3, pages: [1] };
  }

  it('names the value by the column its header is far likelier than the others, flagged', () => {
    const { cells } = normaliseTables([licensing('ocr', '处中决定娄基')], '2019', UPRIGHT, 2019, new Map(), [
      'disclosure',
    ]);
    expect(cells['disclosure.licensing.decisions']).toMatchObject({ value: 123291, confidence: 0.5 });
    expect(cells['disclosure.otherServices.decisions']).toMatchObject({ value: 835562, confidence: 0.5 });
    // The column of another period (2019年项目数量) is no column of the template.
    expect(Object.keys(cells).sort()).toEqual(['disclosure.licensing.decisions', 'disclosure.otherServices.decisions']);
  });

  it('names nothing where the header is like no column, or on a text layer', () => {
    const garbled = normaliseTables([licensing('ocr', '结泉')], '2019', UPRIGHT, 2019, new Map(), ['disclosure']);
    expect(Object.keys(garbled.cells)).toEqual([]);
    const text = normaliseTables([licensing('text', '处中决定娄基')], '2019', new Map(), 2019, new Map(), [
      'disclosure',
    ]);
    expect(Object.keys(text.cells)).toEqual([]);
  });
});

describe('normaliseTables: a number whose unit OCR misread', () => {
  it('keeps the number (万元 read as 刀元), doubtful, so the column is not lost without a word', () => {
    // putian-stats-2020 as a 200 dpi black-and-white scan: 1.8533 万元 read as 1.8533刀元, the
    // only number of its column, was taken for a label and the amount dropped unflagged.
    const { cells } = normaliseTables([procurement('ocr', '1.8533刀元')], '2019', UPRIGHT, 2020, new Map(), [
      'disclosure',
    ]);
    expect(cells['disclosure.procurement.items']).toMatchObject({ value: 4, confidence: 0.95 });
    expect(cells['disclosure.procurement.amount']).toMatchObject({ value: 1.8533, raw: '1.8533刀元', confidence: 0.5 });
    expect(cells['disclosure.procurement.amount']?.unit).toBeUndefined();
  });

  it('reads a unit OCR read right as sure as its number, and leaves text layers as printed', () => {
    const read = normaliseTables([procurement('ocr', '1.8533万元')], '2019', UPRIGHT, 2020, new Map(), ['disclosure']);
    expect(read.cells['disclosure.procurement.amount']).toMatchObject({
      value: 1.8533,
      unit: '万元',
      confidence: 0.95,
    });
    const printed = normaliseTables([procurement('text', '1.8533刀元')], '2019', new Map(), 2020, new Map(), [
      'disclosure',
    ]);
    expect(printed.cells['disclosure.procurement.amount']).toMatchObject({
      value: null,
      raw: '1.8533刀元',
      confidence: 0,
    });
  });
});

describe('normaliseTables: text where a one-row block’s value belongs', () => {
  it('is kept as an unread value under its header (OCR: confidence 0, flagged)', () => {
    const { cells } = normaliseTables([procurement('ocr', 'l.8S33刀元')], '2019', UPRIGHT, 2020, new Map(), [
      'disclosure',
    ]);
    expect(cells['disclosure.procurement.amount']).toMatchObject({ value: null, raw: 'l.8S33刀元', confidence: 0 });
    // Its header and label stay what they are.
    expect(Object.keys(cells).sort()).toEqual(['disclosure.procurement.amount', 'disclosure.procurement.items']);
  });

  it('is kept at its place where its header was garbled too (OCR: confidence 0, flagged)', () => {
    // putian-stats-2020 as a 150 dpi black-and-white scan: 采购总金额 read as 及购总爹间.
    const table = procurement('ocr', '1.8353433厅并', ['信和站内容', '采购项目数基', '及购总爹间']);
    const { cells } = normaliseTables([table], '2019', UPRIGHT, 2020, new Map(), ['disclosure']);
    expect(cells['disclosure.procurement.amount']).toMatchObject({ value: null, raw: '1.8353433厅并', confidence: 0 });
  });

  it('from a text layer is printed text where a number belongs: report.structure names it', () => {
    const { cells } = normaliseTables([procurement('text', '见附件')], '2019', new Map(), 2020, new Map(), [
      'disclosure',
    ]);
    expect(cells['disclosure.procurement.amount']).toMatchObject({ value: null, raw: '见附件', source: 'text' });
    const structure = checkStructure({ agency: null, year: 2020, era: '2019', publishedOn: null }, cells);
    expect(structure.flatMap((i) => i.cells)).toContain('disclosure.procurement.amount');
  });
});

describe('normaliseTables: a 2019 disclosure table read badly at 150 dpi in black and white', () => {
  // putian-city-2019 so scanned: 本年新制作数量 read as 49 (0.32), 规章 as 凯亲, and the （六）项
  // block's 处理决定数量 as 处再状定教直.
  function disclosure2019(): Table {
    const cells: GridCell[] = [];
    const put = (row: number, col: number, text: string, colSpan = 1, confidence = 0.95): void => {
      const cell = wordCell('ocr', row, col, text);
      cells.push({ ...cell, colSpan, words: [{ ...cell.words[0]!, confidence }] });
    };
    const rows: Array<Array<[string, number?]>> = [
      [['第二十条第（一）项', 4]],
      [['信息内容'], ['49'], ['本年新公开数量'], ['对外公开总数量']],
      [['凯亲'], ['0'], ['0'], ['0']],
      [['规范性文件'], ['1810'], ['1810'], ['1810']],
      [['第二十条第（五）项', 4]],
      [['信息内容'], ['2019年项目数量'], ['处理决定数量', 2]],
      [['行政许可'], ['2876'], ['123291', 2]],
      [['第二十条第（六）项', 4]],
      [['信息内容'], ['2019年项目数量'], ['处再状定教直', 2]],
      [['行政处罚'], ['16250'], ['13818', 2]],
      [['行政强制'], ['629'], ['2012', 2]],
    ];
    rows.forEach((row, r) => {
      let col = 0;
      for (const [text, span = 1] of row) {
        put(r, col, text, span, text === '49' ? 0.32 : 0.95);
        col += span;
      }
    });
    return { cells, rowCount: rows.length, colCount: 4, pages: [1] };
  }

  it('takes a doubtful lone number among headers for a header, so the row below is named by order', () => {
    const table = disclosure2019();
    const index = new TableIndex(table);
    expect(index.kinds.get(table.cells.find((c) => c.text === '49')!)).toEqual({ kind: 'text' });
    const { cells } = normaliseTables([table], '2019', UPRIGHT, 2019, new Map(), ['disclosure']);
    expect(cells['disclosure.rules.created']?.value).toBe(0);
    expect(cells['disclosure.rules.totalPublished']?.value).toBe(0);
    expect(cells['disclosure.normativeDocs.created']?.value).toBe(1810);
  });

  it('names a column by the same column of another block where its own header is garbled, flagged', () => {
    const { cells } = normaliseTables([disclosure2019()], '2019', UPRIGHT, 2019, new Map(), ['disclosure']);
    expect(cells['disclosure.licensing.decisions']).toMatchObject({ value: 123291 });
    expect(cells['disclosure.penalty.decisions']).toMatchObject({ value: 13818, confidence: 0.5 });
    expect(cells['disclosure.enforcement.decisions']).toMatchObject({ value: 2012, confidence: 0.5 });
    // 2019年项目数量 counts this year's items, not last year's: no prevItems.
    expect(Object.keys(cells).filter((id) => id.endsWith('.prevItems'))).toEqual([]);
  });

  it('keeps a sure lone number among headers a number', () => {
    const table = disclosure2019();
    const sure = table.cells.find((c) => c.text === '49')!;
    sure.words = [{ ...sure.words[0]!, confidence: 0.9 }];
    expect(new TableIndex(table).kinds.get(sure)).toEqual({ kind: 'number', value: 49 });
  });
});
