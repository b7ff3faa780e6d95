/**
 * 政府信息公开情况统计表: the statistics table of era 2008 (reports of 2008-2018), in the
 * national form (统计指标 / 单位 / 统计数) and the provinces' own forms (e.g. Fujian: 指标名称 /
 * 计量单位 / 本年度 or 年末统计 or 2013年度 / 历年累计), whose rows are worded differently and
 * which print their own subsets of rows. One column of values: the current year's.
 */
import type { ColumnDef, RowDef, SumDef, TableTemplate } from './types.js';

const VALUE = ['value'] as const;

/** A row of the national template, then its provincial wordings. */
const row = (id: string, labels: string[], extra: Omit<RowDef, 'id' | 'labels' | 'columns'> = {}): RowDef => ({
  id,
  labels,
  columns: VALUE,
  ...extra,
});
/** A row only provincial forms print. */
const provincial = (
  id: string,
  labels: string[],
  extra: Omit<RowDef, 'id' | 'labels' | 'columns' | 'provincial'> = {},
): RowDef => row(id, labels, { ...extra, provincial: true });

/** In template order: repeated labels (被依法纠错数 under 复议 and 诉讼) are told apart by it. */
const ROWS: readonly RowDef[] = [
  row('proactive.total', [
    '主动公开政府信息数',
    '主动公开信息数',
    '主动公开文件数',
    '主动公开政府信息条数',
    '主动公开信息总数',
  ]),
  row('proactive.normativeDocs', ['其中：主动公开规范性文件数', '主动公开规范性文件数']),
  row('proactive.normativeIssued', ['制发规范性文件总数']),
  row('channel.gazette', ['政府公报公开政府信息数', '政府公报公开信息数', '政府公报公开数', '政府公报']),
  row('channel.website', ['政府网站公开政府信息数', '政府网站公开信息数', '政府网站公开数', '政府网站']),
  row('channel.weibo', ['政务微博公开政府信息数', '政务微博公开信息数', '政务微博公开数', '政务微博']),
  row('channel.wechat', ['政务微信公开政府信息数', '政务微信公开信息数', '政务微信公开数', '政务微信']),
  row('channel.other', ['其他方式公开政府信息数', '其他方式公开信息数', '其他方式公开数']),
  provincial('channel.press', ['新闻发布会公开政府信息数', '新闻发布会公开信息数', '新闻发布会公开数', '新闻发布会']),
  provincial('access.readingRoomVisitors', ['公开查阅点查阅人数', '查阅点查阅人数', '公开查阅点接待查阅人数']),
  provincial('access.readingRoomUses', ['公开查阅点利用件次', '查阅点利用件次']),
  provincial('access.pageViews', [
    '政府信息公开专栏页面访问量',
    '网站中政府信息公开专栏页面访问量',
    '政府信息公开专栏访问量',
  ]),
  row('response.hotspots', ['回应公众关注热点或重大舆情数']),
  row('response.pressConferences', ['参加或举办新闻发布会总次数', '举办新闻发布会次数', '新闻发布会次数']),
  row('response.pressConferencesByHead', ['其中：主要负责同志参加新闻发布会次数', '主要负责同志参加新闻发布会次数']),
  row('response.interviews', ['政府网站在线访谈次数']),
  row('response.interviewsByHead', [
    '其中：主要负责同志参加政府网站在线访谈次数',
    '主要负责同志参加政府网站在线访谈次数',
  ]),
  row('response.policyReadings', ['政策解读稿件发布数']),
  row('response.socialMedia', ['微博微信回应事件数']),
  row('response.other', ['其他方式回应事件数']),
  row('requests.received', [
    '收到申请数',
    '受理政府信息公开申请总数',
    '受理依申请公开信息总数',
    '受理依申请公开申请总数',
    '收到政府信息公开申请数',
    '受理申请总数',
  ]),
  row('requests.inPerson', ['当面申请数']),
  row('requests.fax', ['传真申请数']),
  provincial('requests.email', ['电子邮件申请数']),
  row('requests.online', ['网络申请数', '网上申请数']),
  // 信函、传真 printed in one row: letters are its first channel, and no fax row stands beside it.
  row('requests.letter', ['信函申请数', '信函、传真申请数', '信函传真申请数']),
  provincial('requests.otherForm', ['其他形式申请数', '其他方式申请数']),
  row('requests.completed', ['申请办结数']),
  row('requests.onTime', ['按时办结数']),
  row('requests.extended', ['延期办结数']),
  row('requests.answered', ['申请答复数', '对申请的答复总数', '本年度对申请的答复总数', '申请答复总数']),
  row('requests.alreadyPublic', ['属于已主动公开范围数']),
  row('requests.granted', ['同意公开答复数', '公开同意答复数']),
  row('requests.partlyGranted', ['同意部分公开答复数']),
  row('requests.denied', [
    '不同意公开答复数',
    '不予公开答复数',
    '不予公开答复总数',
    '否定公开答复总数',
    '否定公开答复数',
    '否决公开答复总数',
    '否决公开答复数',
  ]),
  row('requests.deniedStateSecret', ['涉及国家秘密']),
  row('requests.deniedCommercialSecret', ['涉及商业秘密']),
  row('requests.deniedPrivacy', ['涉及个人隐私']),
  row('requests.deniedSecurity', ['危及国家安全、公共安全、经济安全和社会稳定']),
  row('requests.deniedNotGovInfo', ['不是《条例》所指政府信息']),
  row('requests.deniedOther', ['法律法规规定的其他情形']),
  row('requests.notThisAgency', ['不属于本行政机关公开数']),
  row('requests.notExist', ['申请信息不存在数']),
  row('requests.amend', ['告知作出更改补充数']),
  row('requests.otherChannel', ['告知通过其他途径办理数']),
  provincial('requests.otherReplies', ['其他类型答复数', '其他答复数']),
  row('review.total', ['行政复议数量', '行政复议数', '行政复议案件数']),
  row('review.upheld', ['维持具体行政行为数']),
  row('review.corrected', ['被依法纠错数']),
  row('review.other', ['其他情形数']),
  row('suit.total', ['行政诉讼数量', '行政诉讼数', '行政诉讼案件数']),
  row('suit.upheld', ['维持具体行政行为或者驳回原告诉讼请求数']),
  row('suit.corrected', ['被依法纠错数']),
  row('suit.other', ['其他情形数']),
  row('complaints.total', ['举报投诉数量', '举报投诉数', '行政申诉数', '接受行政申诉、举报数', '行政申诉、举报数']),
  row('fees.amount', ['依申请公开信息收取的费用', '依申请公开信息收费金额', '政府信息公开收费金额', '收费金额'], {
    amount: true,
  }),
  provincial('fees.waived', ['政府信息公开收费减免金额', '收费减免金额'], { amount: true }),
  row('org.units', ['政府信息公开工作专门机构数']),
  row('org.readingRooms', ['设置政府信息公开查阅点数']),
  row('org.staff', ['从事政府信息公开工作人员数']),
  row('org.fullTime', ['专职人员数']),
  row('org.partTime', ['兼职人员数']),
  row('org.budget', ['政府信息公开专项经费'], { amount: true }),
  row('meetings.conferences', ['召开政府信息公开工作会议或专题会议数']),
  row('meetings.trainings', ['举办各类培训班数']),
  row('meetings.trainees', ['接受培训人员数']),
];

const COLUMNS: readonly ColumnDef[] = [{ id: 'value', labels: ['统计数', '本年度', '年末统计'] }];

export const LEGACY: TableTemplate = {
  id: 'legacy',
  title: '政府信息公开情况统计表',
  // The header words of the national and provincial forms, and rows only this table has.
  markers: [
    '统计指标',
    '统计数',
    '指标名称',
    '计量单位',
    '年末统计',
    '历年累计',
    '主动公开政府信息数',
    '主动公开信息数',
    '主动公开文件数',
    '收到申请数',
    '申请办结数',
    '当面申请数',
    '网上申请数',
    '网络申请数',
    '同意公开答复数',
    '同意部分公开答复数',
    '行政复议数',
    '行政诉讼数',
    '举报投诉数量',
    '行政申诉',
  ],
  columns: COLUMNS,
  rows: ROWS,
  groups: [],
  printed: 'rowsAsPrinted',
  rules: ['legacy.sums'],
};

/**
 * The columns of the old table, told apart by their headers. The value is the current year's
 * column; a cumulative (历年累计) or last year's column is never it.
 */
export const LEGACY_HEADERS = {
  /** The label column. */
  label: ['统计指标', '指标名称', '指标', '项目'],
  /** The unit column. */
  unit: ['单位', '计量单位'],
  /** The current year's values: these words, or the report's year (2013年度, 2013年). */
  value: ['统计数', '本年度', '年末统计', '数量', '数值', '数据', '本年', '本期'],
  /** Never the current year's value, whatever else the header says. */
  notCurrent: ['历年累计', '累计', '上年', '上一年', '去年', '同期', '增减', '增长', '比上年'],
} as const;

/**
 * Words that make a row another quantity than any of the template's: a label holding one that
 * the closest wording does not (依申请公开信息目录数 is no 受理依申请公开信息总数, 依申请公开办结率
 * no 申请办结数) is a row with no schema id.
 */
export const OTHER_QUANTITIES = ['目录', '咨询', '率', '占比', '比例', '指南', '累计', '同比', '平均', '上年'] as const;

/** Units the old table prints (its unit column, a label's brackets, a header or the cell). */
export const UNITS = [
  '万元',
  '元',
  '件次',
  '人次',
  '条',
  '件',
  '人',
  '次',
  '个',
  '篇',
  '项',
  '期',
  '份',
  '场',
  '家',
  '%',
] as const;

/** total = Σ parts, as the template's outline nests them; only the parts a report prints count. */
export const LEGACY_SUMS: readonly SumDef[] = [
  {
    total: 'requests.received',
    parts: [
      'requests.inPerson',
      'requests.fax',
      'requests.email',
      'requests.online',
      'requests.letter',
      'requests.otherForm',
    ],
  },
  { total: 'requests.completed', parts: ['requests.onTime', 'requests.extended'] },
  { total: 'review.total', parts: ['review.upheld', 'review.corrected', 'review.other'] },
  { total: 'suit.total', parts: ['suit.upheld', 'suit.corrected', 'suit.other'] },
  { total: 'org.staff', parts: ['org.fullTime', 'org.partTime'] },
];
