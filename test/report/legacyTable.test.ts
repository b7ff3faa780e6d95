import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../src/extractors/layout/grid.js';
import type { Table } from '../../src/extractors/layout/stitch.js';
import { classifyTable, detectEra } from '../../src/extractors/report/era.js';
import { isUnitText, legacyColumnRole, unitIn } from '../../src/extractors/report/legacyTable.js';
import { normaliseTables } from '../../src/extractors/report/normalise.js';
import { TableIndex } from '../../src/extractors/report/tableCells.js';

/** A lined table from rows of cell texts ('' an empty cell), one grid cell per text, on page 1. */
function table(rows: ReadonlyArray<readonly string[]>): Table {
  const cells: GridCell[] = [];
  rows.forEach((r, row) =>
    r.forEach((text, col) =>
      cells.push({
        row,
        col,
        rowSpan: 1,
        colSpan: 1,
        page: 1,
        bbox: [col * 100, row * 20, col * 100 + 100, row * 20 + 20],
        text,
        words: [],
      }),
    ),
  );
  return { cells, rowCount: rows.length, colCount: Math.max(...rows.map((r) => r.length)), pages: [1] };
}

/** The values read from tables given as rows of cell texts, by row id (legacy. and .value left off). */
const valuesOfTables = (tables: ReadonlyArray<ReadonlyArray<readonly string[]>>, year: number | null) =>
  Object.fromEntries(
    Object.entries(normaliseTables(tables.map(table), '2008', new Map(), year).cells).map(([id, c]) => [
      id.replace(/^legacy\.|\.value$/gu, ''),
      c.value,
    ]),
  );
const values = (rows: ReadonlyArray<readonly string[]>, year: number | null) => valuesOfTables([rows], year);

describe('the old table’s columns, by their headers', () => {
  it('names the current year’s column, never a cumulative or another year’s', () => {
    for (const h of ['统计数', '本年度', '年末统计', '数量', '2013年度', '2013年', '统计数（条）'])
      expect(legacyColumnRole(h, 2013), h).toBe('value');
    for (const h of ['历年累计', '累计', '2012年度', '上年度', '比上年增减'])
      expect(legacyColumnRole(h, 2013), h).toBe('notCurrent');
    expect(legacyColumnRole('2012年度', null)).toBe('value');
    expect(legacyColumnRole('计量单位', 2013)).toBe('unit');
    expect(legacyColumnRole('单位', 2013)).toBe('unit');
    expect(legacyColumnRole('指标名称', 2013)).toBe('label');
    expect(legacyColumnRole('统计指标', 2013)).toBe('label');
    // As OCR read putian-city-2008-scan's header: 年未统计 for 年末统计.
    expect(legacyColumnRole('年未统计', 2008)).toBe('value');
    expect(legacyColumnRole('情况说明', 2013)).toBeNull();
    expect(legacyColumnRole(null, 2013)).toBeNull();
  });

  it('reads the unit a row, a label, a header or a cell prints', () => {
    expect(unitIn('80 万元')).toBe('万元');
    expect(unitIn('259元')).toBe('元');
    expect(unitIn('（元）')).toBe('元');
    expect(unitIn('人次')).toBe('人次');
    expect(unitIn('件次')).toBe('件次');
    expect(unitIn('依申请公开信息收取的费用（万元）')).toBe('万元');
    expect(unitIn('本年收费金额（单位：万元）')).toBe('万元');
    expect(unitIn('(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)')).toBeUndefined();
    expect(unitIn('24888')).toBeUndefined();
    expect(isUnitText('条')).toBe(true);
    expect(isUnitText('条件')).toBe(false);
  });
});

describe('the old table in a provincial form', () => {
  /** putian-city-2008-scan's table as tesseract read its words (typos and lost dots kept), with the printed values. */
  const OCR_2008: ReadonlyArray<readonly string[]> = [
    ['指标名', '计量单位', '年未统计'],
    ['主动公开信息数', '条', '38954'],
    ['其中:1政府报', '条', '3008'],
    ['2政府M站', '条', '38954'],
    ['3.新闻发会', '条', '26'],
    ['公开查阅点查阅人/数', '人次', '1085'],
    ['公开查阅点利用人次', '人次', '336'],
    ['网站中政府信息公开专栏页面访问人次', '人次', '2551800'],
    ['受理依申请公开信息数', '条', '100'],
    ['其中工当面申请数', '条', '55'],
    ['2传真请', '条', '0'],
    ['3.电子邮件申请数', '条', '10'],
    ['4.网上申请数', '条', '24'],
    ['5.信请数', '条', '11'],
    ['6.其他形式申请数', '条', '0'],
    ['本年度对申请的答复数', '条', '100'],
    ['其中公开同意答复数', '条', '88'],
    ['2同意部分公开答复', '条', '12'],
    ['3.否定公开答复总', '条', '0'],
    ['行政诉讼数', '件', '0'],
    ['行政申诉数', '件', '0'],
  ];

  it('is told by its rows and header words even as OCR read them: era 2008', () => {
    const texts = new TableIndex(table(OCR_2008)).texts();
    expect(classifyTable(texts)).toBe('legacy');
    expect(detectEra(texts, 2008, ['legacy'])).toBe('2008');
    // No header word of any template at all: the rows still say what the table is.
    const noHeader = new TableIndex(table(OCR_2008.slice(1))).texts();
    expect(detectEra(noHeader, 2008, [classifyTable(noHeader)])).toBe('2008');
  });

  it('matches OCR-typo labels by meaning, with the printed units', () => {
    expect(values(OCR_2008, 2008)).toEqual({
      'proactive.total': 38954,
      'channel.gazette': 3008,
      'channel.website': 38954,
      'channel.press': 26,
      'access.readingRoomVisitors': 1085,
      'access.readingRoomUses': 336,
      'access.pageViews': 2551800,
      'requests.received': 100,
      'requests.inPerson': 55,
      'requests.fax': 0,
      'requests.email': 10,
      'requests.online': 24,
      'requests.letter': 11,
      'requests.otherForm': 0,
      'requests.answered': 100,
      'requests.granted': 88,
      'requests.partlyGranted': 12,
      'requests.denied': 0,
      'suit.total': 0,
      'complaints.total': 0,
    });
    const cells = normaliseTables([table(OCR_2008)], '2008', new Map(), 2008).cells;
    expect(cells['legacy.access.readingRoomVisitors.value']?.unit).toBe('人次');
    expect(cells['legacy.suit.total.value']?.unit).toBe('件');
  });

  it('leaves out rows with no schema id, also those close in wording to one', () => {
    const rows = [
      ['指标名称', '计量单位', '2013年度', '历年累计'],
      ['依申请公开信息目录数', '条', '12', '40'],
      ['政府信息公开咨询数', '次', '31', '200'],
      ['依申请公开办结率', '%', '100', '100'],
      ['主动公开目录条数', '条', '2100', '9000'],
      ['政府信息公开指南', '份', '3', '3'],
      ['其他方式', '条', '5', '9'],
      ['行政复议数', '件', '1', '2'],
    ];
    expect(values(rows, 2013)).toEqual({ 'review.total': 1 });
  });

  it('reads 信函、传真 printed in one row as the letters channel, its fee waiver in 元', () => {
    const rows = [
      ['指标名称', '计量单位', '本年度', '历年累计'],
      ['受理政府信息公开申请总数', '条', '12', '80'],
      ['其中：1.当面申请数', '条', '7', '50'],
      ['2.网络申请数', '条', '3', '20'],
      ['3.信函、传真申请数', '条', '2', '10'],
      ['政府信息公开收费减免金额', '元', '35.5', '120'],
    ];
    expect(values(rows, 2015)).toEqual({
      'requests.received': 12,
      'requests.inPerson': 7,
      'requests.online': 3,
      'requests.letter': 2,
      'fees.waived': 35.5,
    });
    expect(normaliseTables([table(rows)], '2008', new Map(), 2015).cells['legacy.fees.waived.value']).toMatchObject({
      value: 35.5,
      unit: '元',
    });
  });

  it('takes the report year’s column where two years are printed, and never a cumulative one', () => {
    const rows = [
      ['指标名称', '计量单位', '2012年度', '2013年度', '历年累计'],
      ['主动公开文件数', '条', '900', '1000', '5000'],
      ['受理政府信息公开申请总数', '条', '8', '9', '40'],
    ];
    expect(values(rows, 2013)).toEqual({ 'proactive.total': 1000, 'requests.received': 9 });
    // Only a cumulative column: nothing is the current year's.
    expect(
      values(
        [
          ['指标名称', '计量单位', '历年累计'],
          ['主动公开文件数', '条', '5000'],
          ['受理政府信息公开申请总数', '条', '40'],
        ],
        2013,
      ),
    ).toEqual({});
  });

  it('reads a single column of numbers whose header is not in the table (printed on the page before)', () => {
    expect(
      values(
        [
          ['主动公开文件数', '条', '1000'],
          ['受理政府信息公开申请总数', '条', '9'],
          ['行政复议数', '件', '0'],
        ],
        2013,
      ),
    ).toEqual({ 'proactive.total': 1000, 'requests.received': 9, 'review.total': 0 });
  });

  it('finds the value column without a header when OCR took a few units for digits (件 as 5)', () => {
    const rows = [
      ['主动公开政府信息数', '条', '247'],
      ['其中：主动公开规范性文件数', '5', '104'],
      ['制发规范性文件总数', '件', '0'],
      ['3.政策解读稿件发布数', '3', '1'],
      ['收到申请数', '件', '6'],
    ];
    expect(values(rows, 2018)).toEqual({
      'proactive.total': 247,
      'proactive.normativeDocs': 104,
      'proactive.normativeIssued': 0,
      'response.policyReadings': 1,
      'requests.received': 6,
    });
  });

  it('reads a part of the table below with no header of its own (a rule read broken) by the columns above', () => {
    const head = [
      ['指标名称', '计量单位', '2018年度', '历年累计'],
      ['受理政府信息公开申请数', '条', '9', '41'],
    ];
    const below = [
      ['其中：1.当面申请数', '条', '4', '19'],
      ['2.网络申请数', '条', '3', '12'],
    ];
    expect(valuesOfTables([head, below], 2018)).toEqual({
      'requests.received': 9,
      'requests.inPerson': 4,
      'requests.online': 3,
    });
  });

  it('tells repeated wordings apart by the outline: 被依法纠错数 under 复议, then under 诉讼', () => {
    const rows = [
      ['统计指标', '单位', '统计数'],
      ['四、行政复议数量', '件', '3'],
      ['（一）维持具体行政行为数', '件', '1'],
      ['（二）被依法纠错数', '件', '2'],
      ['（三）其他情形数', '件', '0'],
      ['五、行政诉讼数量', '件', '1'],
      ['（一）维持具体行政行为或者驳回原告诉讼请求数', '件', '0'],
      ['（二）被依法纠错数', '件', '1'],
      ['（三）其他情形数', '件', '0'],
    ];
    expect(values(rows, 2018)).toEqual({
      'review.total': 3,
      'review.upheld': 1,
      'review.corrected': 2,
      'review.other': 0,
      'suit.total': 1,
      'suit.upheld': 0,
      'suit.corrected': 1,
      'suit.other': 0,
    });
  });

  describe('as OCR read it', () => {
    const UPRIGHT = new Map([[1, { angle: 0, turns: 0, cx: 0, cy: 0, width: 600, height: 800 }]]);
    const ocrCells = (rows: ReadonlyArray<readonly string[]>) =>
      normaliseTables([table(rows)], '2008', UPRIGHT, 2018).cells;
    const rows = (denied: string): string[][] => [
      ['统计指标', '单位', '统计数'],
      ['（三）申请答复数', '件', '6'],
      ['1.属于已主动公开范围数', '件', '1'],
      ['2.同意公开答复数', '件', '3'],
      ['3.同意部分公开答复数', '件', '1'],
      [denied, '件', '0'],
      ['其中：涉及国家秘密', '件', '0'],
      ['5.不属于本行政机关公开数', '件', '0'],
    ];

    it('takes 4, for the outline number 4. (a dot OCR read as a comma)', () => {
      expect(ocrCells(rows('4,不同意公开答复数'))['legacy.requests.denied.value']).toMatchObject({
        value: 0,
        source: 'ocr',
        confidence: 1,
      });
    });

    it('gives a misread label the row its neighbours leave, to be checked, rather than dropping its value', () => {
      const cells = ocrCells(rows('4.不同怠公卄答夏'));
      expect(cells['legacy.requests.denied.value']).toMatchObject({
        value: 0,
        source: 'ocr',
        confidence: 0.5,
        raw: '0',
      });
      expect(cells['legacy.requests.notThisAgency.value']).toMatchObject({ value: 0, confidence: 1 });
      // A text layer prints what it prints: a row that names no row is a provincial row without an id.
      expect(Object.keys(values(rows('4.不同怠公卄答夏'), 2018))).not.toContain('requests.denied');
    });

    it('does not file a value under a row its misread label is only a little more like', () => {
      // 信函、传真申请数 with 函 read as 六: 0.92 like 传真申请数 (the fax row), 0.86 like its own.
      const cells = ocrCells([
        ['统计指标', '单位', '统计数'],
        ['受理政府信息公开申请总数', '条', '9'],
        ['1.当面申请数', '条', '4'],
        ['2.网络申请数', '条', '3'],
        ['3.信六、传真申请数', '条', '2'],
        ['对申请的答复总数', '条', '9'],
      ]);
      const filed = ['legacy.requests.fax.value', 'legacy.requests.letter.value'].filter((id) => cells[id]);
      expect(filed).toHaveLength(1);
      expect(cells[filed[0]!]).toMatchObject({ value: 2, confidence: 0.5 });
      expect(cells['legacy.requests.online.value']).toMatchObject({ value: 3, confidence: 1 });
    });

    it('gives a label too misread to be like any row the next row between its neighbours, to be checked', () => {
      // 3.信函申请数 read as 3.舍凡中请数, with the confidence OCR gave it.
      const read = (confidence: number) => {
        const t = table([
          ['统计指标', '单位', '统计数'],
          ['受理政府信息公开申请总数', '条', '143'],
          ['1.当面申请数', '条', '35'],
          ['2.网上申请数', '条', '18'],
          ['3.舍凡中请数', '条', '9'],
          ['对申请的答复总数', '条', '143'],
        ]);
        const label = t.cells.find((c) => c.text === '3.舍凡中请数')!;
        label.words = [{ text: label.text, bbox: label.bbox, fontSize: 10, confidence, source: 'ocr' }];
        return normaliseTables([t], '2008', UPRIGHT, 2018).cells;
      };
      expect(read(0.3)['legacy.requests.letter.value']).toMatchObject({ value: 9, confidence: 0.5 });
      expect(read(0.3)['legacy.requests.online.value']).toMatchObject({ value: 18, confidence: 1 });
      // Read with confidence, a label that names no row is a provincial row without an id.
      expect(read(0.95)['legacy.requests.letter.value']).toBeUndefined();
    });

    it('tells a close rival row apart by a word the label prints (减免 of the fee waiver)', () => {
      // 政府信息公开收费减免金额 read as 政府们息公并收费减免金额: 0.83 like the waiver, 0.74 like
      // 政府信息公开收费金额; the label prints 减免, which the fee row lacks.
      const cells = ocrCells([
        ['统计指标', '单位', '统计数'],
        ['4.其他类型答复数', '条', '39'],
        ['政府们息公并收费减免金额', '元', '259'],
        ['行政复议数', '件', '1'],
      ]);
      expect(cells['legacy.fees.waived.value']).toMatchObject({ value: 259, unit: '元' });
      expect(cells['legacy.fees.amount.value']).toBeUndefined();
      // A label that prints the fee row's own word as well as the waiver's is not told apart.
      const both = ocrCells([
        ['统计指标', '单位', '统计数'],
        ['4.其他类型答复数', '条', '39'],
        ['政府们息公并收费金额减免', '元', '259'],
        ['行政复议数', '件', '1'],
      ]);
      expect(Object.keys(both).filter((id) => id.startsWith('legacy.fees.'))).toEqual([]);
    });

    it('places misread rows after a row placed before them, as after one matched', () => {
      // 150 dpi 1-bit: 收到申请数 read as 收刭中请数 (placed by likeness), then 当面申请数 and
      // 传真申请数 too misread to be like any row. They follow 收到申请数, never the response rows
      // (回应公众关注热点…) that stand between 专栏页面访问量 and it in the template.
      const t = table([
        ['统计指标', '单位', '统计数'],
        ['3.政府信息公开专栏页面访问量', '次', '2551800'],
        ['二、收刭中请数', '件', '100'],
        ['1.肖面串清致', '件', '55'],
        ['2.伎直屮诮敉', '件', '0'],
        ['3.电子邮件申请数', '件', '10'],
      ]);
      for (const label of t.cells.filter((c) => ['1.肖面串清致', '2.伎直屮诮敉'].includes(c.text)))
        label.words = [{ text: label.text, bbox: label.bbox, fontSize: 10, confidence: 0.3, source: 'ocr' }];
      const cells = normaliseTables([t], '2008', UPRIGHT, 2008).cells;
      expect(cells['legacy.requests.received.value']).toMatchObject({ value: 100, confidence: 0.5 });
      expect(cells['legacy.requests.inPerson.value']).toMatchObject({ value: 55, confidence: 0.5 });
      expect(cells['legacy.requests.fax.value']).toMatchObject({ value: 0, confidence: 0.5 });
      expect(cells['legacy.requests.email.value']).toMatchObject({ value: 10, confidence: 1 });
      expect(Object.keys(cells).filter((id) => id.startsWith('legacy.response.'))).toEqual([]);
    });

    it('is sure of an empty cell only where the ink test found it blank', () => {
      const empty = rows('4.不同意公开答复数').map((r) => (r[0] === '3.同意部分公开答复数' ? [r[0]!, r[1]!, ''] : r));
      const partly = (blanks: Map<number, Array<[number, number, number, number]>>) =>
        normaliseTables([table(empty)], '2008', UPRIGHT, 2018, blanks).cells['legacy.requests.partlyGranted.value'];
      // The row's value cell is the third of the fourth row: [200, 80, 300, 100].
      expect(partly(new Map([[1, [[200, 80, 300, 100]]]]))).toMatchObject({ value: null, confidence: 1 });
      // No ink test saw it (a table without rules, read as prose): a glyph may have been dropped.
      expect(partly(new Map())).toMatchObject({ value: null, confidence: 0.5 });
      expect(partly(new Map([[1, [[200, 100, 300, 120]]]]))).toMatchObject({ value: null, confidence: 0.5 });
      // A text layer's empty cell is empty.
      expect(valuesOfTables([empty], 2018)['requests.partlyGranted']).toBeNull();
    });
  });
});
