/**
 * The five samples: which seed, which era, how the page and the tables look, which values
 * are printed, and which validation rules the printed report is meant to break.
 */
import type { Era } from '../../src/schema/cells.js';
import type { PageStyle } from './pdf.js';
import type { Item } from './seed.js';
import type { DisclosureLayout, ProvincialForm, TableLook } from './tables.js';
import type { AppealsSpec, ApplicationsSpec, Rule } from './values.js';

export interface Figures {
  newReceived: number;
  carriedOver: number;
  total: number;
  carriedForward: number;
  review: number;
  suits: number;
}

export interface SampleConfig {
  name: string;
  /** The seed (../shared/seeds/<seed>.txt) when it is not named like the sample. */
  seed?: string;
  era: Era;
  year: number;
  agency: string;
  titleBlocks: number;
  /** The seed's year, when the sample is the seed's report of another year: every 「<seedYear>年」 becomes 「<year>年」. */
  seedYear?: number;
  /** The seed is a layout-less dump (zhongning). */
  dump?: boolean;
  /** Prose edits on the seed text, each must match exactly once. */
  edits?: Array<[string, (f: Figures) => string]>;
  /** Signature when the seed has none; date [y, m, d]. */
  signature?: { agency: string; date: [number, number, number] };
  /** Final touches on the parsed items (attachment page, signature placement). */
  post?: (items: Item[], signature: Item) => Item[];
  page: PageStyle;
  look: TableLook;
  disclosureLayout: DisclosureLayout;
  /** Printed disclosure values replacing the seed's, by `row.column`. */
  disclosure?: Record<string, string>;
  applications?: ApplicationsSpec;
  appeals?: AppealsSpec;
  /** Printed legacy values replacing the seed's, by row id. */
  legacy?: Record<string, string>;
  /** The old table in a provincial form instead of the seed's national one. */
  provincial?: ProvincialForm;
  /** Subfolder of samples/ for the PDF (the provincial forms: samples/scan holds copies of the top-level ones only). */
  dir?: string;
  /** The rules the printed report breaks, by design. The checker must agree. */
  intent: Rule[];
  /** What the table split must look like. */
  split: { table: 'applications' | 'legacy'; repeatedHeader: boolean } | 'none';
  /** What the sample exercises (README and truth note). */
  exercises: string;
  /** Truth note; {newReceived} is replaced by the printed figure. */
  note: string;
}

const page = (p: Partial<PageStyle> & Pick<PageStyle, 'bodySize' | 'bodyLeading'>): PageStyle => ({
  margins: { top: 72, bottom: 72, left: 80, right: 80 },
  titleSize: 16,
  headingSize: p.bodySize,
  footerSize: 12,
  paraGap: 0,
  ...p,
});

const SHAPOTOU: SampleConfig = {
  name: 'shapotou-justice-2018',
  era: '2008',
  year: 2018,
  agency: '中卫市沙坡头区司法局',
  titleBlocks: 1,
  edits: [
    [
      '2018年，沙坡头区司法局未收到政府统计信息公开申请。',
      () => '2018年，沙坡头区司法局共收到政府信息公开申请6件，其中当面申请2件、网络申请3件、信函申请1件，均已办结。',
    ],
  ],
  signature: { agency: '中卫市沙坡头区司法局', date: [2019, 1, 28] },
  post: (items, signature) => {
    const out: Item[] = [];
    for (const it of items) {
      if (it.kind === 'para' && it.text === '附件') {
        out.push(signature, { kind: 'pageBreak' }, { kind: 'para', text: '附件', indent: false, bold: true });
      } else if (it.kind === 'para' && it.text === '政府信息公开情况统计表') {
        out.push({ kind: 'para', text: it.text, align: 'center', bold: true, size: 16, indent: false });
      } else if (it.kind === 'para' && /^\(\d{4} 年度\)$/u.test(it.text)) {
        out.push({ kind: 'para', text: it.text, align: 'center', indent: false });
      } else out.push(it);
    }
    if (!out.includes(signature)) throw new Error('shapotou: no 附件 page');
    return out;
  },
  page: page({ bodySize: 12, bodyLeading: 21, margins: { top: 72, bottom: 72, left: 90, right: 90 } }),
  look: {
    border: { kind: 'cellRects', width: 0.5 },
    fontSize: 10,
    shadeHeader: true,
    repeatHeader: true,
    keepTogether: false,
    boldLabels: true,
    minRowHeight: 17,
  },
  disclosureLayout: 'inline',
  legacy: {
    'requests.received': '6',
    'requests.inPerson': '2',
    'requests.online': '3',
    'requests.letter': '1',
    'requests.completed': '6',
    'requests.onTime': '5',
    'requests.extended': '1',
    'requests.answered': '6',
    'requests.alreadyPublic': '1',
    'requests.granted': '3',
    'requests.partlyGranted': '1',
    'requests.notExist': '1',
    'review.total': '1',
    'review.upheld': '1',
  },
  intent: [],
  split: { table: 'legacy', repeatedHeader: true },
  exercises:
    'era 2008 (政府信息公开情况统计表: 统计指标 / 单位 / 统计数) on an attachment page after the signature; seed values kept (247, 104, ' +
    '105, 39, 15 …) plus 6 requests that satisfy legacy.sums (6 = 2+0+3+1 = 5+1); section rows spanning the three ' +
    'columns; labels wrapped over two lines ((四)政府信息公开专项经费（不包括…）); borders as one stroked rectangle per cell (re S, ' +
    '0.5 pt); grey header shading; the statistics table split over pages with its header repeated; other web-page ' +
    'tables (索引号 …) in the prose',
  note:
    'synthetic, born-digital (pdfkit, WPS-like layout) from the seed text; era 2008 statistics table as an ' +
    'attachment after the signature; seed values kept (the seed satisfies legacy.sums), requests set to 6 = 2+0+3+1, ' +
    'completed 6 = 5+1, review 1 = 1+0+0',
};

/** 沙坡头区 2018 with the prose of its seed and the old table in a provincial form (values invented, consistent). */
function provincialVariant(
  name: string,
  form: ProvincialForm,
  look: TableLook,
  requests: string,
  exercises: string,
  note: string,
): SampleConfig {
  return {
    ...SHAPOTOU,
    name,
    seed: SHAPOTOU.name,
    dir: 'provincial',
    edits: [['2018年，沙坡头区司法局未收到政府统计信息公开申请。', () => requests]],
    look,
    legacy: undefined,
    provincial: form,
    split: 'none',
    exercises,
    note,
  };
}

const YEAR_END = provincialVariant(
  'shapotou-justice-2018-yearend',
  {
    header: ['指标名称', '计量单位', '年末统计'],
    rows: [
      ['主动公开信息数', '条', 'proactive.total', '247'],
      ['其中：1.政府公报', '条', 'channel.gazette', '12'],
      ['2.政府网站', '条', 'channel.website', '247'],
      ['3.新闻发布会', '条', 'channel.press', '3'],
      ['公开查阅点查阅人数', '人次', 'access.readingRoomVisitors', '58'],
      ['公开查阅点利用件次', '件次', 'access.readingRoomUses', '21'],
      ['网站中政府信息公开专栏页面访问量', '人次', 'access.pageViews', '15320'],
      ['依申请公开信息目录数', '条', null, '35'],
      ['受理依申请公开信息总数', '条', 'requests.received', '9'],
      ['其中：1.当面申请数', '条', 'requests.inPerson', '3'],
      ['2.传真申请数', '条', 'requests.fax', '1'],
      ['3.电子邮件申请数', '条', 'requests.email', '2'],
      ['4.网上申请数', '条', 'requests.online', '2'],
      ['5.信函申请数', '条', 'requests.letter', '1'],
      ['6.其他形式申请数', '条', 'requests.otherForm', '0'],
      ['本年度对申请的答复总数', '条', 'requests.answered', '9'],
      ['其中：1.公开同意答复数', '条', 'requests.granted', '6'],
      ['2.同意部分公开答复数', '条', 'requests.partlyGranted', '2'],
      ['3.否决公开答复总数', '条', 'requests.denied', '1'],
      ['行政复议数', '件', 'review.total', '1'],
      ['行政诉讼数', '件', 'suit.total', '0'],
      ['行政申诉数', '件', 'complaints.total', '1'],
    ],
  },
  {
    border: { kind: 'rects', width: 0.5 },
    fontSize: 10,
    shadeHeader: true,
    repeatHeader: false,
    keepTogether: true,
    boldLabels: true,
    minRowHeight: 18,
  },
  '2018年，沙坡头区司法局共受理政府信息公开申请9件，其中当面申请3件、传真申请1件、电子邮件申请2件、网上申请2件、信函申请1件，均已答复。',
  "era 2008 in a provincial form (Fujian's 2008 layout: 指标名称 / 计量单位 / 年末统计, the only value column) with the seed's " +
    'prose; six application channels (当面, 传真, 电子邮件, 网上, 信函, 其他形式) that add up (9 = 3+1+2+2+1+0); provincial rows ' +
    '(3.新闻发布会, 公开查阅点查阅人数 人次, 公开查阅点利用件次 件次, 专栏页面访问量); wordings of the form (受理依申请公开信息总数, 公开同意答复数, 否决公开答复总数, 行政申诉数); a ' +
    'row with no schema id (依申请公开信息目录数 35) left out of the truth; borders as thin filled rectangles, grey header',
  'synthetic, born-digital (pdfkit, WPS-like layout) from the shapotou seed text with the old table in a provincial ' +
    'form (年末统计); values invented and consistent (legacy.sums over the six channels printed); 依申请公开信息目录数 has no ' +
    'schema id and is not in the truth',
);

const CUMULATIVE = provincialVariant(
  'shapotou-justice-2018-cumulative',
  {
    header: ['指标名称', '计量单位', '2018年度', '历年累计'],
    rows: [
      ['主动公开文件数', '条', 'proactive.total', '247', '1630'],
      ['其中：1.政府网站公开数', '条', 'channel.website', '247', '1502'],
      ['2.政府公报公开数', '条', 'channel.gazette', '12', '128'],
      ['受理政府信息公开申请总数', '条', 'requests.received', '9', '41'],
      ['其中：1.当面申请数', '条', 'requests.inPerson', '4', '19'],
      ['2.网络申请数', '条', 'requests.online', '3', '12'],
      ['3.信函、传真申请数', '条', 'requests.letter', '2', '10'],
      ['对申请的答复总数', '条', 'requests.answered', '9', '41'],
      ['其中：1.同意公开答复数', '条', 'requests.granted', '5', '27'],
      ['2.同意部分公开答复数', '条', 'requests.partlyGranted', '2', '6'],
      ['3.不予公开答复数', '条', 'requests.denied', '1', '3'],
      ['4.其他类型答复数', '条', 'requests.otherReplies', '1', '5'],
      ['政府信息公开收费减免金额', '元', 'fees.waived', '120', '860'],
      ['行政复议数', '件', 'review.total', '1', '2'],
      ['行政诉讼数', '件', 'suit.total', '0', '1'],
      ['接受行政申诉、举报数', '件', 'complaints.total', '1', '3'],
    ],
  },
  {
    border: { kind: 'none' },
    fontSize: 10.5,
    shadeHeader: false,
    repeatHeader: false,
    keepTogether: true,
    boldLabels: true,
    minRowHeight: 20,
  },
  '2018年，沙坡头区司法局共受理政府信息公开申请9件，其中当面申请4件、网络申请3件、信函和传真申请2件，均已答复。',
  "era 2008 in a provincial form (Fujian's 2013 layout: 指标名称 / 计量单位 / 2018年度 / 历年累计) WITHOUT ruling lines (the table " +
    "found by text alignment); the value column is the year's, never the cumulative one; 信函、传真 in one row " +
    '(requests.letter; 9 = 4+3+2 over the three channels printed); 其他类型答复数; the fee waiver in 元 (fees.waived 120); ' +
    '接受行政申诉、举报数',
  'synthetic, born-digital (pdfkit, WPS-like layout) from the shapotou seed text with the old table in a provincial ' +
    'form without ruling lines (2018年度 / 历年累计); values invented and consistent (legacy.sums over the three channels ' +
    'printed); the 历年累计 column is not in the truth',
);

export const SAMPLES: SampleConfig[] = [
  {
    name: 'zhongwei-justice-2020',
    era: '2019',
    year: 2020,
    agency: '中卫市司法局',
    titleBlocks: 2,
    edits: [
      [
        '2020年，我局未收到任何形式的申请公开信息要求。',
        (f) =>
          `2020年，我局共收到政府信息公开申请${f.newReceived}件，上年结转${f.carriedOver}件，全年办结${f.total}件，结转下年度继续办理${f.carriedForward}件。` +
          `因政府信息公开工作被申请行政复议${f.review}件，被提起行政诉讼${f.suits}件。`,
      ],
    ],
    page: page({ bodySize: 14, bodyLeading: 26 }),
    look: {
      border: { kind: 'segments', width: 0.5, edges: 'all4' },
      fontSize: 9.5,
      shadeHeader: true,
      repeatHeader: false,
      keepTogether: true,
      boldLabels: true,
      minRowHeight: 16,
    },
    disclosureLayout: 'inline',
    applications: {
      results: {
        granted: [203, 31, 2, 6, 58, 4],
        partlyGranted: [27, 5, 0, 1, 9, 0],
        'withheld.stateSecret': [1, 0, 0, 0, 0, 0],
        'withheld.thirdParty': [6, 1, 0, 0, 2, 0],
        'withheld.processInfo': [4, 0, 0, 0, 1, 0],
        'withheld.enforcementFile': [3, 0, 0, 0, 5, 0],
        'unavailable.notHeld': [52, 6, 1, 2, 14, 2],
        'unavailable.needsCreation': [9, 2, 0, 0, 1, 0],
        'unavailable.unclear': [5, 0, 0, 1, 0, 0],
        'notProcessed.complaint': [21, 0, 0, 1, 0, 1],
        'notProcessed.repeated': [12, 1, 0, 0, 3, 0],
        'notProcessed.publication': [2, 0, 0, 0, 0, 0],
        'notProcessed.excessive': [4, 0, 0, 0, 0, 0],
        'other.total': [7, 1, 0, 0, 2, 0],
      },
      carriedOver: [14, 2, 0, 0, 3, 0],
      carriedForward: [19, 3, 0, 1, 4, 0],
    },
    appeals: { review: [4, 1, 1, 2], suitDirect: [2, 0, 0, 1], suitAfterReview: [1, 1, 0, 0] },
    intent: [],
    split: 'none',
    exercises:
      'era 2019 (本年新制作数量 / 上一年项目数量 / 本年增/减 / 采购总金额); signs and units kept as printed (+7, +5, +1, 80 万元); one-row ' +
      '（六）其他处理 → applications.other.total; 社会组织; borders as stroked line segments, every cell strokes its four edges ' +
      '(0.5 pt, duplicated shared edges); grey header shading; disclosure as one table with shaded full-width 第二十条 ' +
      'heading rows; applications table on one page; nonzero consistent values; signature from the seed (2021年1月25日)',
    note:
      'synthetic, born-digital (pdfkit, WPS-like layout) from the seed text; era 2019 template; disclosure ' +
      'values as printed in the seed (+7 -> 7, 80 万元 -> 80); applications/appeals values invented and consistent; ' +
      '（六）其他处理 is one row -> applications.other.total',
  },
  {
    name: 'weihui-justice-2021',
    era: '2021',
    year: 2021,
    agency: '卫辉市司法局',
    titleBlocks: 1,
    edits: [
      [
        '今年以来共接收依申请公开0件。未发生因信息公开工作被行政复议或行政诉讼的情况。',
        (f) =>
          `今年以来共接收依申请公开${f.newReceived}件，上年结转${f.carriedOver}件，办结${f.total}件，结转下年度继续办理${f.carriedForward}件。` +
          `因信息公开工作被申请行政复议${f.review}件、提起行政诉讼${f.suits}件。`,
      ],
    ],
    signature: { agency: '卫辉市司法局', date: [2022, 1, 21] },
    page: page({ bodySize: 12, bodyLeading: 22, margins: { top: 72, bottom: 72, left: 72, right: 72 } }),
    look: {
      border: { kind: 'rects', width: 0.5 },
      fontSize: 10,
      shadeHeader: false,
      repeatHeader: true,
      keepTogether: false,
      boldLabels: false,
      minRowHeight: 17,
    },
    disclosureLayout: 'separate',
    disclosure: {
      'normativeDocs.inForce': '2',
      'licensing.decisions': '8',
      'penalty.decisions': '3',
      'fees.amount': '0.0000',
    },
    applications: {
      results: {
        granted: [612, 74, 9, 3, 21, 2],
        partlyGranted: [88, 15, 1, 0, 4, 0],
        'withheld.stateSecret': [2, 0, 0, 0, 0, 0],
        'withheld.lawProhibited': [5, 1, 0, 0, 0, 0],
        'withheld.thirdParty': [13, 2, 0, 0, 1, 0],
        'withheld.processInfo': [9, 0, 1, 0, 0, 0],
        'withheld.queryMatter': [1, 0, 0, 0, 0, 0],
        'unavailable.notHeld': [143, 21, 2, 2, 6, 1],
        'unavailable.needsCreation': [17, 3, 0, 0, 1, 0],
        'unavailable.unclear': [11, 1, 0, 0, 0, 0],
        'notProcessed.complaint': [64, 2, 0, 1, 0, 1],
        'notProcessed.repeated': [29, 1, 0, 0, 2, 0],
        'notProcessed.excessive': [3, 0, 0, 0, 0, 0],
        'notProcessed.confirmation': [6, 0, 0, 0, 1, 0],
        'other.noCorrection': [23, 4, 0, 0, 1, 0],
        'other.unpaidFee': [2, 0, 0, 0, 0, 0],
        'other.misc': [8, 1, 0, 0, 0, 0],
      },
      carriedOver: [31, 5, 0, 0, 2, 0],
      carriedForward: [40, 6, 1, 0, 3, 0],
    },
    appeals: { review: [3, 1, 0, 1], suitDirect: [2, 0, 1, 0], suitAfterReview: [1, 0, 0, 1] },
    intent: [],
    split: { table: 'applications', repeatedHeader: true },
    exercises:
      'era 2021, three-row （六）其他处理; seed label quirks kept (无正当理由由大量反复申请, 其他法律法规禁止公开, 社会组织, 保留4位小数 → printed ' +
      '0.0000); borders as thin filled rectangles (0.5 pt), no shading; disclosure as separate small tables under ' +
      'caption lines; applications table split across pages with its 3 header rows repeated on the next page; ' +
      'nonzero consistent values (four-digit totals); invented signature date in January',
    note:
      'synthetic, born-digital (pdfkit, WPS-like layout) from the seed text; era 2021 template; applications ' +
      'table split across a page break with the header repeated; values invented and consistent ({newReceived} new ' +
      'requests, all sums hold); fees printed 0.0000',
  },
  {
    name: 'hongsibu-justice-2022',
    era: '2021',
    year: 2022,
    agency: '红寺堡区司法局',
    titleBlocks: 2,
    edits: [
      [
        '2022 年，我局没有接到公民、法人及其他社会组织提交的政府信息公开申请，无因政府信息公开申请引起的行政复议、行政诉讼案件。',
        (f) =>
          `2022 年，我局共收到公民、法人及其他社会组织提交的政府信息公开申请${f.newReceived}件，均依法依规予以答复。`,
      ],
    ],
    signature: { agency: '红寺堡区司法局', date: [2023, 1, 16] },
    page: page({ bodySize: 14, bodyLeading: 28, margins: { top: 74, bottom: 70, left: 79, right: 74 } }),
    look: {
      border: { kind: 'segments', width: 0.75, edges: 'topLeft' },
      fontSize: 9,
      shadeHeader: false,
      repeatHeader: false,
      keepTogether: false,
      boldLabels: true,
      minRowHeight: 16,
    },
    disclosureLayout: 'inline',
    disclosure: {
      'normativeDocs.issued': '1',
      'normativeDocs.inForce': '3',
      'licensing.decisions': '12',
      'penalty.decisions': '2',
    },
    applications: {
      results: {
        granted: [46, 9, 0, 2, 13, 0],
        partlyGranted: [7, 1, 0, 0, 2, 0],
        'withheld.thirdParty': [2, 1, 0, 0, 0, 0],
        'withheld.internalAffairs': [1, 0, 0, 0, 0, 0],
        'unavailable.notHeld': [18, 3, 1, 0, 4, 1],
        'unavailable.unclear': [3, 0, 0, 0, 0, 0],
        'notProcessed.complaint': [11, 0, 0, 0, 0, 0],
        'notProcessed.repeated': [5, 0, 0, 0, 1, 0],
        'other.noCorrection': [4, 1, 0, 0, 0, 0],
        'other.misc': [2, 0, 0, 0, 0, 0],
      },
      carriedOver: [3, 0, 0, 0, 1, 0],
      carriedForward: [6, 1, 0, 0, 0, 0],
      // Printed 4 where 2 + 1 = 3: the row does not add up, nor does the 总计 column's results sum.
      misprint: { 'withheld.thirdParty.total': '4' },
    },
    // Printed 3 where 2 + 1 + 0 + 1 = 4.
    appeals: {
      review: [2, 1, 0, 1],
      suitDirect: [1, 0, 0, 0],
      suitAfterReview: [0, 0, 0, 0],
      misprint: { 'review.total': '3' },
    },
    intent: ['applications.results', 'applications.rowSum', 'appeals.total'],
    split: { table: 'applications', repeatedHeader: false },
    exercises:
      'era 2021, three-row （六）其他处理, 社会公益组织; DELIBERATE inconsistencies on paper: 三（三）4.保护第三方合法权益 总计 printed 4 (row ' +
      'adds to 3, so the 总计 column of the results no longer adds up either) and 行政复议 总计 printed 3 (parts add to 4); ' +
      'borders as stroked segments, shared edges once (0.75 pt); disclosure as one table with shaded heading rows; ' +
      'applications table split across pages WITHOUT repeating its header; invented signature date in January',
    note:
      'synthetic, born-digital (pdfkit, WPS-like layout) from the seed text; era 2021 template; deliberately ' +
      'wrong on paper: applications.withheld.thirdParty.total printed 4 (2+1=3) -> applications.rowSum and ' +
      'applications.results (column total); appeals.review.total printed 3 (2+1+0+1=4) -> appeals.total; balance ' +
      'holds; applications table split across a page break, header not repeated',
  },
  {
    name: 'zhongning-justice-2021',
    era: '2021',
    year: 2021,
    agency: '中宁县司法局',
    titleBlocks: 2,
    dump: true,
    signature: { agency: '中宁县司法局', date: [2022, 3, 15] },
    page: page({ bodySize: 14, bodyLeading: 28, margins: { top: 80, bottom: 70, left: 80, right: 80 } }),
    look: {
      border: { kind: 'rects', width: 0.6 },
      fontSize: 10,
      shadeHeader: true,
      repeatHeader: false,
      keepTogether: true,
      boldLabels: false,
      minRowHeight: 17,
    },
    disclosureLayout: 'separate',
    applications: {
      results: { granted: [2, 0, 0, 0, 0, 0], 'unavailable.notHeld': [1, 0, 0, 0, 0, 0] },
      carriedForward: [1, 0, 0, 0, 0, 0],
    },
    intent: [],
    split: 'none',
    exercises:
      "era 2021 rebuilt from a layout-less dump (tables reconstructed from the template with the dump's wording: " +
      '社会公益组织, full-width brackets); spaced title 年 度 报 告; borders as thin filled rectangles (0.6 pt) with grey ' +
      'header shading; disclosure as separate small tables; applications table kept on one page; small consistent ' +
      'values (4 requests); signed LATE (2022年3月15日) so report.published (warning) fires',
    note:
      'synthetic, born-digital (pdfkit, WPS-like layout) from the layout-less seed dump, tables rebuilt from the ' +
      '2021 template; values near the seed (4 new requests, consistent); signed 2022-03-15, after 31 January: ' +
      'report.published warning expected (not an error, so not in expectRules)',
  },
  SHAPOTOU,
  YEAR_END,
  CUMULATIVE,
];

/**
 * 卫辉市司法局 in three consecutive years (samples/series/): 2021 is the top-level sample; 2022
 * and 2023 are its prose with the year changed and a few figures new, as an office makes next
 * year's report from last year's (text.reuse). The carried-over applications chain from 2021 to
 * 2022 (50 = 50) and breaks from 2022 to 2023 (35 ≠ 25: archive.carryOver); the 行政规范性文件 in
 * force follow 2 → 2 + 3 − 1 = 4 → 4 + 2 − 0 = 6.
 */
const WEIHUI_2021 = SAMPLES.find((c) => c.name === 'weihui-justice-2021')!;
const weihuiYear = (
  year: number,
  o: Pick<SampleConfig, 'disclosure' | 'applications' | 'appeals'> & {
    signed: [number, number, number];
    exercises: string;
    edits?: SampleConfig['edits'];
  },
): SampleConfig => ({
  ...WEIHUI_2021,
  edits: [...(WEIHUI_2021.edits ?? []), ...(o.edits ?? [])],
  name: `weihui-justice-${year}`,
  seed: 'weihui-justice-2021',
  seedYear: 2021,
  year,
  dir: 'series',
  signature: { agency: '卫辉市司法局', date: o.signed },
  disclosure: o.disclosure,
  applications: o.applications,
  appeals: o.appeals,
  exercises: o.exercises,
  note:
    `synthetic, born-digital from the 卫辉市司法局 seed with its year changed to ${year}; the prose is the 2021 ` +
    `report's but for its figures ({newReceived} new requests); values invented and consistent`,
});
const WEIHUI_RESULTS = WEIHUI_2021.applications!.results;
SAMPLES.push(
  weihuiYear(2022, {
    signed: [2023, 1, 20],
    disclosure: {
      'normativeDocs.issued': '3',
      'normativeDocs.repealed': '1',
      'normativeDocs.inForce': '4',
      'licensing.decisions': '11',
      'penalty.decisions': '5',
      'fees.amount': '0.0000',
    },
    applications: {
      results: {
        ...WEIHUI_RESULTS,
        granted: [655, 70, 8, 4, 19, 3],
        partlyGranted: [92, 13, 2, 0, 5, 0],
        'unavailable.notHeld': [150, 18, 1, 2, 7, 0],
      },
      carriedOver: [40, 6, 1, 0, 3, 0],
      carriedForward: [20, 4, 0, 0, 1, 0],
    },
    appeals: { review: [4, 1, 1, 0], suitDirect: [1, 1, 0, 0], suitAfterReview: [0, 0, 0, 1] },
    exercises:
      'the 2021 sample made into 2022 (series/): the year and a few figures changed, the prose the same (text.reuse ' +
      'against 2021); 上年结转 50 = 2021’s 结转下年度继续办理 50; 行政规范性文件 in force 2 + 3 − 1 = 4',
  }),
  weihuiYear(2023, {
    signed: [2024, 1, 19],
    // One paragraph written anew: the rest is last year's.
    edits: [
      [
        '仍存在政策解读力度有待加强，信息公开渠道有待进一步扩展，部分工作人员政务公开意识还有待提高等方面的不足。',
        () =>
          '仍存在基层政务公开目录更新不够及时、依申请公开答复文书格式不够统一、新媒体平台互动回应偏少、业务培训覆盖面不广等问题。下一步将建立信息发布审核台账，每季度开展一次政务公开专题培训，' +
          '推动公开工作由结果公开向过程公开延伸。',
      ],
    ],
    disclosure: {
      'normativeDocs.issued': '2',
      'normativeDocs.repealed': '0',
      'normativeDocs.inForce': '6',
      'licensing.decisions': '9',
      'penalty.decisions': '4',
      'fees.amount': '0.0000',
    },
    applications: {
      results: { ...WEIHUI_RESULTS, granted: [701, 66, 10, 2, 25, 1], partlyGranted: [81, 17, 0, 1, 3, 0] },
      carriedOver: [30, 4, 0, 0, 1, 0],
      carriedForward: [36, 5, 1, 0, 2, 0],
    },
    appeals: { review: [2, 2, 0, 1], suitDirect: [3, 0, 0, 0], suitAfterReview: [1, 0, 0, 0] },
    exercises:
      'the 2021 sample made into 2023 (series/): the prose the same again but for one paragraph written anew; 上年结转 ' +
      '35 ≠ 2022’s 结转下年度继续办理 25, so the carried-over chain breaks (archive.carryOver, a warning); 行政规范性文件 in force 4 ' +
      '+ 2 − 0 = 6',
  }),
);
