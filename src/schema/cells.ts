/**
 * Cell ids of the shared schema (../shared/spec/report-schema.md), per template era.
 * A cell id is `table.row.column`; rows may hold a dot (`withheld.stateSecret`).
 * The label lists feed the label matcher: the first label is the template's own wording,
 * the rest are variants seen in real reports.
 */
export const ERAS = ['2008', '2019', '2021'] as const;
export type Era = (typeof ERAS)[number];

export const TABLES = ['disclosure', 'applications', 'appeals', 'legacy'] as const;
export type TableId = (typeof TABLES)[number];

export interface LabelledId {
  id: string;
  /** Template wording first, then variants. */
  labels: readonly string[];
}

export interface RowDef extends LabelledId {
  /** Column ids this row has (disclosure rows differ per row). */
  columns: readonly string[];
}

// ── disclosure (二、主动公开政府信息情况) ──────────────────────────────────────────

const D2021_DOC_COLS = ['issued', 'repealed', 'inForce'] as const;
const D2019_DOC_COLS = ['created', 'published', 'totalPublished'] as const;
const D2019_ITEM_COLS = ['prevItems', 'change', 'decisions'] as const;

export const DISCLOSURE_COLUMNS: Record<'2019' | '2021', readonly LabelledId[]> = {
  '2021': [
    { id: 'issued', labels: ['本年制发件数', '本年新制发件数'] },
    { id: 'repealed', labels: ['本年废止件数'] },
    { id: 'inForce', labels: ['现行有效件数'] },
    { id: 'decisions', labels: ['本年处理决定数量', '处理决定数量'] },
    { id: 'amount', labels: ['本年收费金额', '收费金额'] },
  ],
  '2019': [
    { id: 'created', labels: ['本年新制作数量', '本年制作数量'] },
    { id: 'published', labels: ['本年新公开数量', '本年公开数量'] },
    { id: 'totalPublished', labels: ['对外公开总数量', '公开总数量'] },
    { id: 'prevItems', labels: ['上一年项目数量', '上年项目数量'] },
    { id: 'change', labels: ['本年增/减', '本年增减'] },
    { id: 'decisions', labels: ['处理决定数量', '本年处理决定数量'] },
    { id: 'items', labels: ['采购项目数量'] },
    { id: 'amount', labels: ['采购总金额'] },
  ],
};

export const DISCLOSURE_ROWS: Record<'2019' | '2021', readonly RowDef[]> = {
  '2021': [
    { id: 'rules', labels: ['规章'], columns: D2021_DOC_COLS },
    { id: 'normativeDocs', labels: ['行政规范性文件', '规范性文件'], columns: D2021_DOC_COLS },
    { id: 'licensing', labels: ['行政许可'], columns: ['decisions'] },
    { id: 'penalty', labels: ['行政处罚'], columns: ['decisions'] },
    { id: 'enforcement', labels: ['行政强制'], columns: ['decisions'] },
    { id: 'fees', labels: ['行政事业性收费'], columns: ['amount'] },
  ],
  '2019': [
    { id: 'rules', labels: ['规章'], columns: D2019_DOC_COLS },
    { id: 'normativeDocs', labels: ['规范性文件', '行政规范性文件'], columns: D2019_DOC_COLS },
    { id: 'licensing', labels: ['行政许可'], columns: D2019_ITEM_COLS },
    { id: 'otherServices', labels: ['其他对外管理服务事项'], columns: D2019_ITEM_COLS },
    { id: 'penalty', labels: ['行政处罚'], columns: D2019_ITEM_COLS },
    { id: 'enforcement', labels: ['行政强制'], columns: D2019_ITEM_COLS },
    { id: 'fees', labels: ['行政事业性收费'], columns: ['prevItems', 'change'] },
    { id: 'procurement', labels: ['政府集中采购'], columns: ['items', 'amount'] },
  ],
};

// ── applications (三、收到和处理政府信息公开申请情况), eras 2019 and 2021 ─────────────

export const APPLICATION_COLUMNS: readonly LabelledId[] = [
  { id: 'naturalPerson', labels: ['自然人'] },
  { id: 'business', labels: ['商业企业'] },
  { id: 'research', labels: ['科研机构'] },
  { id: 'nonprofit', labels: ['社会公益组织', '社会组织'] },
  { id: 'legalService', labels: ['法律服务机构'] },
  { id: 'otherOrg', labels: ['其他'] },
  { id: 'total', labels: ['总计'] },
];

/** Group a result row belongs to; used to disambiguate numbered sub-rows (1. 2. 3.). */
export type ApplicationGroup = 'withheld' | 'unavailable' | 'notProcessed' | 'other' | null;

export interface ApplicationRowDef extends LabelledId {
  group: ApplicationGroup;
  /** true for rows counted in applications.results (三 办理结果). */
  result: boolean;
}

export const APPLICATION_ROWS: readonly ApplicationRowDef[] = [
  { id: 'newReceived', group: null, result: false, labels: ['本年新收政府信息公开申请数量'] },
  { id: 'carriedOver', group: null, result: false, labels: ['上年结转政府信息公开申请数量'] },
  { id: 'granted', group: null, result: true, labels: ['予以公开'] },
  { id: 'partlyGranted', group: null, result: true, labels: ['部分公开'] },
  { id: 'withheld.stateSecret', group: 'withheld', result: true, labels: ['属于国家秘密'] },
  { id: 'withheld.lawProhibited', group: 'withheld', result: true, labels: ['其他法律行政法规禁止公开', '其他法律法规禁止公开'] },
  { id: 'withheld.endangersSecurity', group: 'withheld', result: true, labels: ['危及“三安全一稳定”', '危及三安全一稳定'] },
  { id: 'withheld.thirdParty', group: 'withheld', result: true, labels: ['保护第三方合法权益'] },
  { id: 'withheld.internalAffairs', group: 'withheld', result: true, labels: ['属于三类内部事务信息'] },
  { id: 'withheld.processInfo', group: 'withheld', result: true, labels: ['属于四类过程性信息'] },
  { id: 'withheld.enforcementFile', group: 'withheld', result: true, labels: ['属于行政执法案卷'] },
  { id: 'withheld.queryMatter', group: 'withheld', result: true, labels: ['属于行政查询事项'] },
  { id: 'unavailable.notHeld', group: 'unavailable', result: true, labels: ['本机关不掌握相关政府信息'] },
  { id: 'unavailable.needsCreation', group: 'unavailable', result: true, labels: ['没有现成信息需要另行制作'] },
  { id: 'unavailable.unclear', group: 'unavailable', result: true, labels: ['补正后申请内容仍不明确'] },
  { id: 'notProcessed.complaint', group: 'notProcessed', result: true, labels: ['信访举报投诉类申请'] },
  { id: 'notProcessed.repeated', group: 'notProcessed', result: true, labels: ['重复申请'] },
  { id: 'notProcessed.publication', group: 'notProcessed', result: true, labels: ['要求提供公开出版物'] },
  { id: 'notProcessed.excessive', group: 'notProcessed', result: true, labels: ['无正当理由大量反复申请'] },
  { id: 'notProcessed.confirmation', group: 'notProcessed', result: true, labels: ['要求行政机关确认或重新出具已获取信息'] },
  { id: 'other.total', group: 'other', result: true, labels: ['其他处理'] },
  { id: 'other.noCorrection', group: 'other', result: true, labels: ['申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'] },
  { id: 'other.unpaidFee', group: 'other', result: true, labels: ['申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'] },
  { id: 'other.misc', group: 'other', result: true, labels: ['其他'] },
  { id: 'total', group: null, result: false, labels: ['总计'] },
  { id: 'carriedForward', group: null, result: false, labels: ['结转下年度继续办理'] },
];

/** The one-row form of （六）其他处理 and its three-row form are exclusive. */
export const OTHER_ONE_ROW = 'other.total';
export const OTHER_THREE_ROWS = ['other.noCorrection', 'other.unpaidFee', 'other.misc'] as const;

// ── appeals (四、行政复议、行政诉讼) ─────────────────────────────────────────────────

export const APPEAL_ROWS: readonly LabelledId[] = [
  { id: 'review', labels: ['行政复议'] },
  { id: 'suitDirect', labels: ['未经复议直接起诉'] },
  { id: 'suitAfterReview', labels: ['复议后起诉'] },
];

export const APPEAL_COLUMNS: readonly LabelledId[] = [
  { id: 'upheld', labels: ['结果维持'] },
  { id: 'corrected', labels: ['结果纠正'] },
  { id: 'other', labels: ['其他结果'] },
  { id: 'pending', labels: ['尚未审结'] },
  { id: 'total', labels: ['总计'] },
];

// ── legacy (政府信息公开情况统计表, era 2008) ────────────────────────────────────────

export const LEGACY_ROWS: readonly LabelledId[] = [
  { id: 'proactive.total', labels: ['主动公开政府信息数'] },
  { id: 'proactive.normativeDocs', labels: ['其中：主动公开规范性文件数', '主动公开规范性文件数'] },
  { id: 'proactive.normativeIssued', labels: ['制发规范性文件总数'] },
  { id: 'channel.gazette', labels: ['政府公报公开政府信息数'] },
  { id: 'channel.website', labels: ['政府网站公开政府信息数'] },
  { id: 'channel.weibo', labels: ['政务微博公开政府信息数'] },
  { id: 'channel.wechat', labels: ['政务微信公开政府信息数'] },
  { id: 'channel.other', labels: ['其他方式公开政府信息数'] },
  { id: 'response.hotspots', labels: ['回应公众关注热点或重大舆情数'] },
  { id: 'response.pressConferences', labels: ['参加或举办新闻发布会总次数'] },
  { id: 'response.pressConferencesByHead', labels: ['其中：主要负责同志参加新闻发布会次数', '主要负责同志参加新闻发布会次数'] },
  { id: 'response.interviews', labels: ['政府网站在线访谈次数'] },
  { id: 'response.interviewsByHead', labels: ['其中：主要负责同志参加政府网站在线访谈次数', '主要负责同志参加政府网站在线访谈次数'] },
  { id: 'response.policyReadings', labels: ['政策解读稿件发布数'] },
  { id: 'response.socialMedia', labels: ['微博微信回应事件数'] },
  { id: 'response.other', labels: ['其他方式回应事件数'] },
  { id: 'requests.received', labels: ['收到申请数'] },
  { id: 'requests.inPerson', labels: ['当面申请数'] },
  { id: 'requests.fax', labels: ['传真申请数'] },
  { id: 'requests.online', labels: ['网络申请数'] },
  { id: 'requests.letter', labels: ['信函申请数'] },
  { id: 'requests.completed', labels: ['申请办结数'] },
  { id: 'requests.onTime', labels: ['按时办结数'] },
  { id: 'requests.extended', labels: ['延期办结数'] },
  { id: 'requests.answered', labels: ['申请答复数'] },
  { id: 'requests.alreadyPublic', labels: ['属于已主动公开范围数'] },
  { id: 'requests.granted', labels: ['同意公开答复数'] },
  { id: 'requests.partlyGranted', labels: ['同意部分公开答复数'] },
  { id: 'requests.denied', labels: ['不同意公开答复数'] },
  { id: 'requests.deniedStateSecret', labels: ['涉及国家秘密'] },
  { id: 'requests.deniedCommercialSecret', labels: ['涉及商业秘密'] },
  { id: 'requests.deniedPrivacy', labels: ['涉及个人隐私'] },
  { id: 'requests.deniedSecurity', labels: ['危及国家安全、公共安全、经济安全和社会稳定'] },
  { id: 'requests.deniedNotGovInfo', labels: ['不是《条例》所指政府信息'] },
  { id: 'requests.deniedOther', labels: ['法律法规规定的其他情形'] },
  { id: 'requests.notThisAgency', labels: ['不属于本行政机关公开数'] },
  { id: 'requests.notExist', labels: ['申请信息不存在数'] },
  { id: 'requests.amend', labels: ['告知作出更改补充数'] },
  { id: 'requests.otherChannel', labels: ['告知通过其他途径办理数'] },
  { id: 'review.total', labels: ['行政复议数量'] },
  { id: 'review.upheld', labels: ['维持具体行政行为数'] },
  { id: 'review.corrected', labels: ['被依法纠错数'] },
  { id: 'review.other', labels: ['其他情形数'] },
  { id: 'suit.total', labels: ['行政诉讼数量'] },
  { id: 'suit.upheld', labels: ['维持具体行政行为或者驳回原告诉讼请求数'] },
  { id: 'suit.corrected', labels: ['被依法纠错数'] },
  { id: 'suit.other', labels: ['其他情形数'] },
  { id: 'complaints.total', labels: ['举报投诉数量'] },
  { id: 'fees.amount', labels: ['依申请公开信息收取的费用'] },
  { id: 'org.units', labels: ['政府信息公开工作专门机构数'] },
  { id: 'org.readingRooms', labels: ['设置政府信息公开查阅点数'] },
  { id: 'org.staff', labels: ['从事政府信息公开工作人员数'] },
  { id: 'org.fullTime', labels: ['专职人员数'] },
  { id: 'org.partTime', labels: ['兼职人员数'] },
  { id: 'org.budget', labels: ['政府信息公开专项经费'] },
  { id: 'meetings.conferences', labels: ['召开政府信息公开工作会议或专题会议数'] },
  { id: 'meetings.trainings', labels: ['举办各类培训班数'] },
  { id: 'meetings.trainees', labels: ['接受培训人员数'] },
];

// ── id helpers ──────────────────────────────────────────────────────────────────────

export function cellId(table: TableId, row: string, column: string): string {
  return `${table}.${row}.${column}`;
}

/** Splits a cell id into table, row (may hold dots) and column. */
export function parseCellId(id: string): { table: TableId; row: string; column: string } {
  const parts = id.split('.');
  const table = parts[0] as TableId;
  if (!TABLES.includes(table) || parts.length < 3) throw new Error(`not a cell id: ${id}`);
  return { table, row: parts.slice(1, -1).join('.'), column: parts[parts.length - 1]! };
}

export interface CellIdOptions {
  /** Which form of （六）其他处理 the report prints; both are valid ids of the era. */
  otherForm?: 'oneRow' | 'threeRows';
}

/** Every cell id a report of this era prints (for the chosen form of （六）其他处理). */
export function cellIdsForEra(era: Era, options: CellIdOptions = {}): string[] {
  if (era === '2008') return LEGACY_ROWS.map((r) => cellId('legacy', r.id, 'value'));
  const ids: string[] = [];
  for (const row of DISCLOSURE_ROWS[era]) for (const c of row.columns) ids.push(cellId('disclosure', row.id, c));
  const form = options.otherForm ?? 'threeRows';
  for (const row of APPLICATION_ROWS) {
    if (form === 'oneRow' && (OTHER_THREE_ROWS as readonly string[]).includes(row.id)) continue;
    if (form === 'threeRows' && row.id === OTHER_ONE_ROW) continue;
    for (const c of APPLICATION_COLUMNS) ids.push(cellId('applications', row.id, c.id));
  }
  for (const row of APPEAL_ROWS) for (const c of APPEAL_COLUMNS) ids.push(cellId('appeals', row.id, c.id));
  return ids;
}

/** All ids valid for an era, both forms of （六） included: anything else is foreign. */
export function validCellIds(era: Era): Set<string> {
  return new Set([...cellIdsForEra(era, { otherForm: 'oneRow' }), ...cellIdsForEra(era, { otherForm: 'threeRows' })]);
}
