/** 三、收到和处理政府信息公开申请情况: the applications table of eras 2019 and 2021. */
import type { ColumnDef, GroupDef, RowDef, TableTemplate } from './types.js';

const COLUMNS: readonly ColumnDef[] = [
  { id: 'naturalPerson', labels: ['自然人'] },
  { id: 'business', labels: ['商业企业'] },
  { id: 'research', labels: ['科研机构'] },
  { id: 'nonprofit', labels: ['社会公益组织', '社会组织'] },
  { id: 'legalService', labels: ['法律服务机构'] },
  { id: 'otherOrg', labels: ['其他'] },
  { id: 'total', labels: ['总计'] },
];
const ALL = COLUMNS.map((c) => c.id);

const GROUPS: readonly GroupDef[] = [
  { id: 'withheld', labels: ['不予公开'], title: '（三）不予公开' },
  { id: 'unavailable', labels: ['无法提供'], title: '（四）无法提供' },
  { id: 'notProcessed', labels: ['不予处理'], title: '（五）不予处理' },
  { id: 'other', labels: ['其他处理'], title: '（六）其他处理' },
];

const row = (id: string, labels: string[], extra: Omit<RowDef, 'id' | 'labels' | 'columns'> = {}): RowDef => ({
  id,
  labels,
  columns: ALL,
  ...extra,
});
const result = (id: string, labels: string[], group?: string): RowDef =>
  row(id, labels, group ? { result: true, group } : { result: true });

const ROWS: readonly RowDef[] = [
  row('newReceived', ['本年新收政府信息公开申请数量'], { numbering: '一、' }),
  row('carriedOver', ['上年结转政府信息公开申请数量'], { numbering: '二、' }),
  { ...result('granted', ['予以公开']), numbering: '（一）' },
  { ...result('partlyGranted', ['部分公开']), numbering: '（二）' },
  result('withheld.stateSecret', ['属于国家秘密'], 'withheld'),
  result('withheld.lawProhibited', ['其他法律行政法规禁止公开', '其他法律法规禁止公开'], 'withheld'),
  result('withheld.endangersSecurity', ['危及“三安全一稳定”', '危及三安全一稳定'], 'withheld'),
  result('withheld.thirdParty', ['保护第三方合法权益'], 'withheld'),
  result('withheld.internalAffairs', ['属于三类内部事务信息'], 'withheld'),
  result('withheld.processInfo', ['属于四类过程性信息'], 'withheld'),
  result('withheld.enforcementFile', ['属于行政执法案卷'], 'withheld'),
  result('withheld.queryMatter', ['属于行政查询事项'], 'withheld'),
  result('unavailable.notHeld', ['本机关不掌握相关政府信息'], 'unavailable'),
  result('unavailable.needsCreation', ['没有现成信息需要另行制作'], 'unavailable'),
  result('unavailable.unclear', ['补正后申请内容仍不明确'], 'unavailable'),
  result('notProcessed.complaint', ['信访举报投诉类申请'], 'notProcessed'),
  result('notProcessed.repeated', ['重复申请'], 'notProcessed'),
  result('notProcessed.publication', ['要求提供公开出版物'], 'notProcessed'),
  result('notProcessed.excessive', ['无正当理由大量反复申请'], 'notProcessed'),
  result('notProcessed.confirmation', ['要求行政机关确认或重新出具已获取信息'], 'notProcessed'),
  // （六）其他处理 printed as one row; exclusive with its three-row form below.
  { ...result('other.total', ['其他处理'], 'other'), numbering: '（六）' },
  result('other.noCorrection', ['申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'], 'other'),
  result('other.unpaidFee', ['申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'], 'other'),
  result('other.misc', ['其他'], 'other'),
  row('total', ['总计'], { numbering: '（七）' }),
  row('carriedForward', ['结转下年度继续办理'], { numbering: '四、' }),
];

export const APPLICATIONS: TableTemplate = {
  id: 'applications',
  title: '三、收到和处理政府信息公开申请情况',
  markers: [
    '自然人',
    '商业企业',
    '科研机构',
    '申请人情况',
    '本年新收政府信息公开申请数量',
    '上年结转政府信息公开申请数量',
    '予以公开',
    '结转下年度继续办理',
  ],
  columns: COLUMNS,
  rows: ROWS,
  groups: GROUPS,
  printed: 'all',
  rules: ['applications.balance', 'applications.results', 'applications.rowSum', 'archive.carryOver'],
};

/** The one-row form of （六）其他处理 and its three-row form are exclusive. */
export const OTHER_ONE_ROW = 'other.total';
export const OTHER_THREE_ROWS = ['other.noCorrection', 'other.unpaidFee', 'other.misc'] as const;
